package dev.roster.server.service;

/**
 * Who is asking and where they reach us: the directory the bearer token belongs to, and the SCIM base
 * URL the client used (for {@code meta.location} and {@code $ref}).
 */
public record RequestContext(String directoryId, String baseUrl) {}
