package dev.roster.server.service;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A single resource as the client will see it, with what the HTTP layer puts in headers.
 * {@code body} is null when the response carries no body (204).
 */
public record ResourceResult(ObjectNode body, String etag, String location) {}
