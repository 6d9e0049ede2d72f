package dev.roster.server;

import dev.roster.server.config.DatabaseConfig;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which database the HTTP suite runs on: SQLite, or (when the build runs the suite a second time with
 * {@code -Droster.test.database=postgres}) the PostgreSQL at ROSTER_TEST_DATABASE_URL, each test server
 * in a fresh schema. Without that variable the PostgreSQL run is skipped, and says so.
 */
public final class TestDatabase {
    public static final String URL_VARIABLE = "ROSTER_TEST_DATABASE_URL";
    private static final AtomicBoolean SKIP_NOTED = new AtomicBoolean();

    private TestDatabase() {}

    public static boolean isPostgres() {
        return "postgres".equals(System.getProperty("roster.test.database"));
    }

    /** False in the PostgreSQL half of the suite when no test database is configured. */
    public static boolean isAvailable() {
        return !isPostgres() || (url() != null && !url().isBlank());
    }

    private static String url() {
        String url = System.getenv(URL_VARIABLE);
        return url == null || url.isBlank() ? System.getProperty(URL_VARIABLE) : url;
    }

    /**
     * A database of its own for one test server, in a new temporary folder named after {@code folderPrefix}:
     * a SQLite file there, or a new PostgreSQL schema. The folder is made only once the test is known to run.
     */
    public static DatabaseConfig fresh(String folderPrefix) {
        String base = url();
        if (isPostgres() && (base == null || base.isBlank())) {
            String why = "PostgreSQL half of the suite skipped: set " + URL_VARIABLE
                    + " (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres) to run it";
            if (SKIP_NOTED.compareAndSet(false, true)) System.err.println(why);
            throw new TestAbortedException(why);
        }
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory(folderPrefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!isPostgres()) return DatabaseConfig.sqlite(dataDir);
        String schema = "roster_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test schema at " + DatabaseConfig.redact(base) + ": " + e.getMessage(), e);
        }
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new DatabaseConfig(dataDir, url, null, null, 4);
    }

    /** Removes a test server's database once the server is closed: its PostgreSQL schema, and its folder. */
    public static void drop(DatabaseConfig db) {
        if (db.isPostgres()) {
            String schema = db.url().replaceAll(".*currentSchema=([a-z0-9_]+).*", "$1");
            try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException e) {
                System.err.println("could not drop test schema " + schema + ": " + e.getMessage());
            }
        }
        deleteFolder(db.dataDir());
    }

    private static void deleteFolder(Path folder) {
        if (!Files.exists(folder)) return;
        try (var paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the test folder " + folder, e);
        }
    }

    /** The command-line flags that point roster at the same database. */
    public static String[] cliFlags(DatabaseConfig db) {
        return db.isPostgres() ? new String[]{"--database-url", db.url()} : new String[]{"--data-dir", db.dataDir().toString()};
    }

    /** The first column of the first row of a query against a test server's database. */
    public static long queryLong(DatabaseConfig db, String sql) throws SQLException {
        try (Connection c = connect(db); var ps = c.prepareStatement(sql); var rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * PostgreSQL's count of the deadlocks it broke in the test database (0 on SQLite, whose one writer has none). It
     * counts for the whole database: another test run on the same database at the same time would move it too.
     */
    public static long deadlocks(DatabaseConfig db) throws Exception {
        if (!db.isPostgres()) return 0;
        // Connections report their counts once idle, at most a second apart.
        Thread.sleep(2_000);
        return queryLong(db, "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()");
    }

    /** A connection of its own to a test server's database, beside the server's pool. */
    private static Connection connect(DatabaseConfig db) throws SQLException {
        return DriverManager.getConnection(db.isPostgres() ? db.url() : "jdbc:sqlite:" + db.sqliteFile());
    }

    /** Runs one SQL statement against a test server's database (to break a row on purpose, say). */
    public static int execute(DatabaseConfig db, String sql, String... params) throws SQLException {
        try (Connection c = connect(db); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setString(i + 1, params[i]);
            return ps.executeUpdate();
        }
    }
}
