package dev.roster.server.http;

import dev.roster.scim.ScimException;
import dev.roster.server.directory.DirectoryService;
import io.javalin.http.Context;

/** Resolves {@code Authorization: Bearer <token>} to the token's directory, or answers 401. */
final class BearerAuthentication {
    static final String DIRECTORY = "roster.directory";

    private final DirectoryService directories;

    BearerAuthentication(DirectoryService directories) {
        this.directories = directories;
    }

    void handle(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) throw new Unauthorized("this endpoint needs an Authorization: Bearer token");
        String token = bearerToken(header);
        if (token == null) throw new Unauthorized("the Authorization header must use the Bearer scheme");
        DirectoryService.Directory directory = directories.authenticate(token);
        if (directory == null) throw new Unauthorized("the bearer token is not valid");
        ctx.attribute(DIRECTORY, directory);
    }

    /** The credentials of {@code Bearer <token>} (scheme in any case, any whitespace around), or null. */
    static String bearerToken(String header) {
        String h = header.strip();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer", 0, 6) || !Character.isWhitespace(h.charAt(6))) {
            return null;
        }
        String token = h.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    /** 401, answered with {@code WWW-Authenticate: Bearer} (RFC 6750 §3). */
    static final class Unauthorized extends RuntimeException {
        Unauthorized(String detail) { super(detail, null, false, false); }

        ScimException asScim() { return ScimException.unauthorized(getMessage()); }
    }
}
