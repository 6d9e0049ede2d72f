package dev.roster.server;

import dev.roster.server.config.ServerConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real Roster on a free port and a fresh database, for one test class. */
public final class TestServer implements AutoCloseable {
    public static final String TOKEN = "test-token-0123456789abcdef";

    private final Path dataDir;
    private Roster roster;

    private TestServer(Path dataDir) {
        this.dataDir = dataDir;
        this.roster = Roster.start(config(dataDir));
    }

    public static TestServer start() {
        try {
            return new TestServer(Files.createTempDirectory("roster-test"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ServerConfig config(Path dataDir) {
        return new ServerConfig("127.0.0.1", 0, dataDir, null, TOKEN, ServerConfig.DEFAULT_MAX_REQUEST_BYTES, 4);
    }

    public ScimClient client() { return new ScimClient(roster.port(), TOKEN); }

    /** Stops the server and starts a new one on the same database file. */
    public void restart() {
        roster.close();
        roster = Roster.start(config(dataDir));
    }

    public Path dataDir() { return dataDir; }

    @Override
    public void close() { roster.close(); }
}
