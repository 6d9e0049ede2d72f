package dev.roster.server.config;

import java.nio.file.Path;

/**
 * Everything a running server needs to know, validated once at start-up.
 *
 * @param host            the address to listen on
 * @param port            the port (0 picks a free one, for tests)
 * @param dataDir         where the SQLite database lives
 * @param publicUrl       the URL clients reach the server at, when it differs from what requests say
 * @param bootstrapToken  a token to create the default directory with, instead of a random one
 * @param maxRequestBytes the largest request body accepted (larger ones get 413)
 * @param poolSize        database connections
 */
public record ServerConfig(String host, int port, Path dataDir, String publicUrl, String bootstrapToken,
                           long maxRequestBytes, int poolSize) {

    public static final long DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

    public ServerConfig {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
        if (maxRequestBytes < 1024) throw new IllegalArgumentException("the request size limit must be at least 1024 bytes");
        if (poolSize < 1) throw new IllegalArgumentException("the pool size must be at least 1");
        if (bootstrapToken != null && bootstrapToken.length() < 16) {
            throw new IllegalArgumentException("ROSTER_BOOTSTRAP_TOKEN must be at least 16 characters long");
        }
        if (publicUrl != null && !(publicUrl.startsWith("http://") || publicUrl.startsWith("https://"))) {
            throw new IllegalArgumentException("the public URL must start with http:// or https://");
        }
    }

    public Path databaseFile() { return dataDir.resolve("roster.db"); }
}
