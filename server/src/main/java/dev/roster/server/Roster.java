package dev.roster.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.scim.schema.SchemaRegistry;
import dev.roster.server.config.DatabaseConfig;
import dev.roster.server.config.ServerConfig;
import dev.roster.server.directory.DirectoryService;
import dev.roster.server.http.ScimServer;
import dev.roster.server.service.ProvisioningService;
import dev.roster.server.store.Database;
import dev.roster.server.store.ResourceStore;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;

/** A running Roster: database, services and HTTP server, wired together and stopped together. */
public final class Roster implements AutoCloseable {
    private final Database db;
    private final ScimServer server;
    private final String generatedToken;

    private Roster(Database db, ScimServer server, String generatedToken) {
        this.db = db;
        this.server = server;
        this.generatedToken = generatedToken;
    }

    public static Roster start(ServerConfig config) {
        DatabaseConfig database = config.database();
        if (!database.isPostgres()) {
            try {
                Files.createDirectories(database.dataDir());
            } catch (IOException e) {
                throw new StartupException("cannot create the data folder " + database.dataDir() + ": " + e.getMessage());
            }
            if (!Files.isWritable(database.dataDir())) {
                throw new StartupException("the data folder " + database.dataDir() + " is not writable");
            }
        }
        ObjectMapper mapper = new ObjectMapper()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        Clock clock = Clock.systemUTC();
        SchemaRegistry registry = SchemaRegistry.core();
        Database db;
        try {
            db = database.open();
        } catch (RuntimeException e) {
            throw new StartupException("cannot open the database " + database.describe() + ": " + redacted(rootMessage(e), database));
        }
        try {
            DirectoryService directories = new DirectoryService(db, clock);
            String generated = directories.bootstrap(config.bootstrapToken());
            ResourceStore store = new ResourceStore(db.dialect(), mapper, config.maxRequestBytes(), config.queryTimeoutMillis());
            ProvisioningService service = new ProvisioningService(db, store, registry, clock, config.turnWaitMillis());
            ScimServer server;
            try {
                server = new ScimServer(config, mapper, registry, service, directories, () -> db.isReachable(2));
            } catch (IllegalArgumentException e) {
                throw new StartupException("TLS: " + e.getMessage());
            }
            try {
                server.start();
            } catch (RuntimeException e) {
                throw new StartupException("cannot listen on " + config.host() + ":" + config.port() + ": " + rootMessage(e));
            }
            return new Roster(db, server, generated);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** A driver's message with any password of the configuration taken out. */
    private static String redacted(String message, DatabaseConfig database) {
        String m = message;
        if (database.password() != null && !database.password().isEmpty()) m = m.replace(database.password(), "***");
        return database.url() == null ? m : m.replace(database.url(), database.describe());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    public int port() { return server.port(); }

    /** The database it runs on, for this package's tests: on SQLite, writes through it run on the server's one writer. */
    Database database() { return db; }

    /** The token made for the default directory on first start, or null: shown once, never stored. */
    public String generatedToken() { return generatedToken; }

    /** Stops taking requests, lets the ones in flight finish, then closes the database. */
    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            db.close();
        }
    }

    /** A start-up failure with a message meant for the operator, not a stack trace. */
    public static final class StartupException extends RuntimeException {
        public StartupException(String message) { super(message); }
    }
}
