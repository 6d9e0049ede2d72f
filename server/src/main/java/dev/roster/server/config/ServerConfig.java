package dev.roster.server.config;

/**
 * Everything a running server needs to know, validated once at start-up.
 *
 * @param host            the address to listen on
 * @param port            the port (0 picks a free one, for tests)
 * @param database        where the data lives
 * @param publicUrl       the URL clients reach the server at, when it differs from what requests say
 * @param bootstrapToken  a token to create the default directory with, instead of a random one
 * @param maxRequestBytes the largest request body accepted (larger ones get 413)
 * @param tls             the certificate to serve HTTPS with, or null for plain HTTP
 * @param queryTimeoutMillis how long the database statements of one list may run together to apply its filter
 *                        or sort (0: no limit); a list that needs longer is refused with {@code 400 tooMany}
 * @param turnWaitMillis  how long an answer that streams members, or a list that reads every resource, waits for
 *                        one of the few connections such answers may hold at once before it is refused with 429
 */
public record ServerConfig(String host, int port, DatabaseConfig database, String publicUrl, String bootstrapToken,
                           long maxRequestBytes, TlsConfig tls, long queryTimeoutMillis, long turnWaitMillis) {

    public static final long DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;
    public static final long DEFAULT_QUERY_TIMEOUT_MILLIS = 10_000;
    public static final long MAX_QUERY_TIMEOUT_MILLIS = 24 * 60 * 60 * 1000;
    public static final long DEFAULT_TURN_WAIT_MILLIS = 30_000;
    public static final long MAX_TURN_WAIT_MILLIS = 10 * 60 * 1000;

    /** A configuration with the default query timeout. */
    public ServerConfig(String host, int port, DatabaseConfig database, String publicUrl, String bootstrapToken,
                        long maxRequestBytes, TlsConfig tls) {
        this(host, port, database, publicUrl, bootstrapToken, maxRequestBytes, tls, DEFAULT_QUERY_TIMEOUT_MILLIS);
    }

    /** A configuration with the default wait for a turn. */
    public ServerConfig(String host, int port, DatabaseConfig database, String publicUrl, String bootstrapToken,
                        long maxRequestBytes, TlsConfig tls, long queryTimeoutMillis) {
        this(host, port, database, publicUrl, bootstrapToken, maxRequestBytes, tls, queryTimeoutMillis,
                DEFAULT_TURN_WAIT_MILLIS);
    }

    public ServerConfig {
        if (queryTimeoutMillis < 0 || queryTimeoutMillis > MAX_QUERY_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException("the query timeout must be between 0 (no limit) and 24 hours");
        }
        if (turnWaitMillis < 0 || turnWaitMillis > MAX_TURN_WAIT_MILLIS) {
            throw new IllegalArgumentException("the wait for a turn must be between 0 and 10 minutes");
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
        if (maxRequestBytes < 1024) throw new IllegalArgumentException("the request size limit must be at least 1024 bytes");
        if (bootstrapToken != null && bootstrapToken.length() < 16) {
            throw new IllegalArgumentException("ROSTER_BOOTSTRAP_TOKEN must be at least 16 characters long");
        }
        if (publicUrl != null && !(publicUrl.startsWith("http://") || publicUrl.startsWith("https://"))) {
            throw new IllegalArgumentException("the public URL must start with http:// or https://");
        }
    }
}
