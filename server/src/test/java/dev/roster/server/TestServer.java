package dev.roster.server;

import dev.roster.server.config.DatabaseConfig;
import dev.roster.server.config.ServerConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real Roster on a free port and a fresh database, for one test class. */
public final class TestServer implements AutoCloseable {
    public static final String TOKEN = "test-token-0123456789abcdef";

    private final DatabaseConfig database;
    private final long maxRequestBytes;
    private Roster roster;

    private TestServer(DatabaseConfig database, long maxRequestBytes) {
        this.database = database;
        this.maxRequestBytes = maxRequestBytes;
        this.roster = Roster.start(config(database, maxRequestBytes));
    }

    public static TestServer start() {
        return start(ServerConfig.DEFAULT_MAX_REQUEST_BYTES);
    }

    /** A server with its own request size limit. */
    public static TestServer start(long maxRequestBytes) {
        try {
            Path folder = Files.createTempDirectory("roster-test");
            DatabaseConfig database;
            try {
                database = TestDatabase.fresh(folder);
            } catch (RuntimeException skippedOrFailed) {
                Files.delete(folder); // the PostgreSQL half without a database skips here
                throw skippedOrFailed;
            }
            return new TestServer(database, maxRequestBytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ServerConfig config(DatabaseConfig database) {
        return config(database, ServerConfig.DEFAULT_MAX_REQUEST_BYTES);
    }

    static ServerConfig config(DatabaseConfig database, long maxRequestBytes) {
        return new ServerConfig("127.0.0.1", 0, database, null, TOKEN, maxRequestBytes, null);
    }

    /** Another server on the same database, as a second instance behind a load balancer would be. */
    public Roster startAnotherInstance() {
        return Roster.start(config(database));
    }

    public ScimClient client() { return new ScimClient(roster.port(), TOKEN); }

    /** Stops the server and starts a new one on the same database file. */
    public void restart() {
        roster.close();
        roster = Roster.start(config(database, maxRequestBytes));
    }

    public DatabaseConfig database() { return database; }

    @Override
    public void close() {
        roster.close();
        TestDatabase.drop(database);
    }
}
