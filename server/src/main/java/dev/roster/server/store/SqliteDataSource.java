package dev.roster.server.store;

import dev.roster.scim.filter.FilterEvaluator;
import org.sqlite.Function;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * SQLite connections set up for a server: WAL (readers never wait for the writer), synchronous=FULL
 * (a commit that returned survives a power cut), foreign keys on, and the {@code scim_fold} function,
 * so the database folds case exactly as the in-memory evaluator does (SQLite's lower() is ASCII only).
 * Connections open without SQLite's per-connection mutex: the pool lends a connection to one thread at
 * a time and the driver synchronises its own calls, so the mutex only cost every API call a lock.
 */
final class SqliteDataSource extends SQLiteDataSource {

    SqliteDataSource(Path file) {
        super(config());
        setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    }

    private static SQLiteConfig config() {
        SQLiteConfig c = new SQLiteConfig();
        c.setJournalMode(SQLiteConfig.JournalMode.WAL);
        c.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        c.enforceForeignKeys(true);
        c.setBusyTimeout(10_000);
        c.setOpenMode(SQLiteOpenMode.NOMUTEX);
        return c;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = super.getConnection();
        Function.create(c, "scim_fold", new Function() {
            @Override
            protected void xFunc() throws SQLException {
                String s = value_text(0);
                if (s == null) result();
                else result(FilterEvaluator.fold(s));
            }
        }, 1, Function.FLAG_DETERMINISTIC);
        return StatementCache.wrap(c);
    }
}
