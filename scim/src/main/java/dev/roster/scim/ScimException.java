package dev.roster.scim;

/**
 * A failure the SCIM protocol can name (RFC 7644 §3.12). Every error a client sees is one of these,
 * so each has a factory that fixes its status and {@code scimType}.
 */
public final class ScimException extends RuntimeException {
    private final int status;
    private final String scimType;

    public ScimException(int status, String scimType, String detail) {
        super(detail);
        this.status = status;
        this.scimType = scimType;
    }

    public int status() { return status; }

    /** The RFC's {@code scimType}, or null where the RFC names none for this status. */
    public String scimType() { return scimType; }

    public String detail() { return getMessage(); }

    public static ScimException invalidFilter(String detail) { return new ScimException(400, "invalidFilter", detail); }
    public static ScimException invalidSyntax(String detail) { return new ScimException(400, "invalidSyntax", detail); }
    public static ScimException invalidValue(String detail) { return new ScimException(400, "invalidValue", detail); }
    public static ScimException invalidPath(String detail) { return new ScimException(400, "invalidPath", detail); }
    public static ScimException noTarget(String detail) { return new ScimException(400, "noTarget", detail); }
    public static ScimException mutability(String detail) { return new ScimException(400, "mutability", detail); }
    public static ScimException tooMany(String detail) { return new ScimException(400, "tooMany", detail); }
    public static ScimException invalidVersion(String detail) { return new ScimException(400, "invalidVers", detail); }
    public static ScimException badRequest(String detail) { return new ScimException(400, null, detail); }
    public static ScimException uniqueness(String detail) { return new ScimException(409, "uniqueness", detail); }
    public static ScimException forbidden(String detail) { return new ScimException(403, null, detail); }
    public static ScimException notFound(String detail) { return new ScimException(404, null, detail); }
    public static ScimException unauthorized(String detail) { return new ScimException(401, null, detail); }
    public static ScimException preconditionFailed(String detail) { return new ScimException(412, null, detail); }
    public static ScimException payloadTooLarge(String detail) { return new ScimException(413, null, detail); }
    public static ScimException unsupportedMediaType(String detail) { return new ScimException(415, null, detail); }
    public static ScimException methodNotAllowed(String detail) { return new ScimException(405, null, detail); }
    /** The server is busy with requests of the same kind: HTTP's 429, which Okta backs off from and retries. */
    public static ScimException busy(String detail) { return new ScimException(429, null, detail); }
    public static ScimException notImplemented(String detail) { return new ScimException(501, null, detail); }
    public static ScimException unavailable(String detail) { return new ScimException(503, null, detail); }
}
