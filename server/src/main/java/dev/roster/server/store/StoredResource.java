package dev.roster.server.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A resource row: server-managed fields and the client-writable document. */
public record StoredResource(String id, String resourceType, long version, String created, String lastModified,
                             ObjectNode document) {}
