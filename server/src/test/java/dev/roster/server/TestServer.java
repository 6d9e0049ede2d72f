package dev.roster.server;

import dev.roster.server.config.DatabaseConfig;
import dev.roster.server.config.ServerConfig;
import dev.roster.server.store.Database;

/** A real Roster on a free port and a fresh database, for one test class. */
public final class TestServer implements AutoCloseable {
    public static final String TOKEN = "test-token-0123456789abcdef";

    private final ServerConfig config;
    private Roster roster;

    private TestServer(ServerConfig config) {
        this.config = config;
        try {
            this.roster = Roster.start(config);
        } catch (RuntimeException e) {
            TestDatabase.drop(config.database()); // no close() will come to drop it
            throw e;
        }
    }

    public static TestServer start() {
        return start(ServerConfig.DEFAULT_MAX_REQUEST_BYTES);
    }

    /** A server with its own request size limit. */
    public static TestServer start(long maxRequestBytes) {
        return new TestServer(config(TestDatabase.fresh("roster-test"), maxRequestBytes));
    }

    /** A server with a database pool of its own size (answers that stream take turns for half of it). */
    public static TestServer startWithPoolSize(int poolSize) {
        return startWithPoolSize(poolSize, ServerConfig.DEFAULT_QUERY_TIMEOUT_MILLIS);
    }

    /** A server with a database pool of its own size whose lists' statements may each run at most {@code millis}. */
    public static TestServer startWithPoolSize(int poolSize, long queryTimeoutMillis) {
        return startWithPoolSize(poolSize, queryTimeoutMillis, ServerConfig.DEFAULT_TURN_WAIT_MILLIS);
    }

    /**
     * A server with a database pool of its own size, whose lists' statements may each run at most {@code queryTimeoutMillis},
     * and whose costly answers wait at most {@code turnWaitMillis} for their turn.
     */
    public static TestServer startWithPoolSize(int poolSize, long queryTimeoutMillis, long turnWaitMillis) {
        DatabaseConfig d = TestDatabase.fresh("roster-test");
        DatabaseConfig database = new DatabaseConfig(d.dataDir(), d.url(), d.user(), d.password(), poolSize);
        return new TestServer(new ServerConfig("127.0.0.1", 0, database, null, TOKEN, ServerConfig.DEFAULT_MAX_REQUEST_BYTES,
                null, queryTimeoutMillis, turnWaitMillis));
    }

    /** A server whose lists' statements may each run at most {@code millis}. */
    public static TestServer startWithQueryTimeout(long millis) {
        return new TestServer(config(TestDatabase.fresh("roster-test"), ServerConfig.DEFAULT_MAX_REQUEST_BYTES, millis));
    }

    static ServerConfig config(DatabaseConfig database) {
        return config(database, ServerConfig.DEFAULT_MAX_REQUEST_BYTES);
    }

    static ServerConfig config(DatabaseConfig database, long maxRequestBytes) {
        return config(database, maxRequestBytes, ServerConfig.DEFAULT_QUERY_TIMEOUT_MILLIS);
    }

    static ServerConfig config(DatabaseConfig database, long maxRequestBytes, long queryTimeoutMillis) {
        return new ServerConfig("127.0.0.1", 0, database, null, TOKEN, maxRequestBytes, null, queryTimeoutMillis);
    }

    /** Another server on the same database, as a second instance behind a load balancer would be. */
    public Roster startAnotherInstance() {
        return Roster.start(config);
    }

    public ScimClient client() { return new ScimClient(roster.port(), TOKEN); }

    /** Stops the server and starts a new one on the same database file. */
    public void restart() {
        roster.close();
        roster = Roster.start(config);
    }

    public DatabaseConfig database() { return config.database(); }

    /** Runs {@code work} as one of the running server's writes: on SQLite, on the connection of its one writer. */
    public <T> T write(Database.Work<T> work) { return roster.database().write(work); }

    @Override
    public void close() {
        roster.close();
        TestDatabase.drop(config.database());
    }
}
