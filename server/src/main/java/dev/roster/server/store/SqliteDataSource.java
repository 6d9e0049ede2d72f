package dev.roster.server.store;

import dev.roster.scim.filter.FilterEvaluator;
import org.sqlite.Function;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * SQLite connections set up for a server: WAL (readers never wait for the writer) with a size limit,
 * synchronous=FULL (a commit that returned survives a power cut), foreign keys on, and the {@code scim_fold}
 * function, so the database folds case exactly as the in-memory evaluator does (SQLite's lower() is ASCII only).
 * Connections open without SQLite's per-connection mutex: the pool lends a connection to one thread at
 * a time and the driver synchronises its own calls, so the mutex only cost every API call a lock.
 */
final class SqliteDataSource extends SQLiteDataSource {
    private static final int WRITER_CACHE_KB = 32 * 1024;
    /**
     * The write-ahead log's file is cut back to this when the log starts over. It stays near 4 MB (SQLite copies it
     * back every 1,000 pages), but a read that holds an old snapshot while writers commit (a long streamed answer,
     * a costly list) or one large group of writes lets it grow, and without a limit the file kept that size.
     */
    static final int WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

    SqliteDataSource(Path file) {
        super(config());
        setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    }

    private static SQLiteConfig config() {
        SQLiteConfig c = new SQLiteConfig();
        c.setJournalMode(SQLiteConfig.JournalMode.WAL);
        c.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        c.setJournalSizeLimit(WAL_SIZE_LIMIT_BYTES);
        c.enforceForeignKeys(true);
        c.setBusyTimeout(10_000);
        c.setOpenMode(SQLiteOpenMode.NOMUTEX);
        return c;
    }

    /**
     * The one writer's connection (see {@link GroupCommit}), with a larger page cache than a reader's: its
     * cache lasts from one group to the next, and at a million users the pages a write walks (the upper
     * levels of every index it changes) would not fit in the default 2 MB.
     */
    Connection openWriter() throws SQLException {
        Connection c = getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA cache_size = -" + WRITER_CACHE_KB);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
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
