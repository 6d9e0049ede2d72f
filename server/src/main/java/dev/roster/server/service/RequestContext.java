package dev.roster.server.service;

import dev.roster.scim.dialect.IdpDialect;

/**
 * Who is asking and where they reach us: the directory the bearer token belongs to, the IdP rules that
 * directory accepts, and the SCIM base URL the client used (for {@code meta.location} and {@code $ref}).
 */
public record RequestContext(String directoryId, IdpDialect dialect, String baseUrl) {}
