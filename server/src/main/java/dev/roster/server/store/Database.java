package dev.roster.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * The connection pool and transactions. SQLite allows one writer at a time, so there write transactions
 * go through one writer that commits them in groups ({@link GroupCommit}) rather than fail with
 * SQLITE_BUSY; readers run beside it (WAL mode). PostgreSQL takes concurrent writers itself, from any
 * number of Roster instances.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private final HikariDataSource pool;
    private final Dialect dialect;
    private final GroupCommit groupCommit;

    private Database(HikariDataSource pool, Dialect dialect, GroupCommit groupCommit) {
        this.pool = pool;
        this.dialect = dialect;
        this.groupCommit = groupCommit;
    }

    /**
     * Opens a PostgreSQL database and brings its schema up to date. Flyway holds a database lock while
     * migrating, so instances starting together migrate once.
     */
    public static Database openPostgres(String url, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) config.setUsername(user);
        if (password != null) config.setPassword(password);
        config.setPoolName("roster-postgres");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        // A request waits at most this long for a connection before answering 503.
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        config.setConnectionInitSql(PostgresDialect.SESSION_SETUP);
        return start(config, "postgresql", PostgresDialect::forDatabase, null);
    }

    /** True when the database answers within {@code timeoutSeconds}. */
    public boolean isReachable(int timeoutSeconds) {
        try (Connection c = pool.getConnection()) {
            return c.isValid(timeoutSeconds);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Opens (creating if needed) the SQLite database file and brings its schema up to date. */
    public static Database openSqlite(java.nio.file.Path file, int poolSize) {
        SqliteDataSource source = new SqliteDataSource(file);
        HikariConfig config = new HikariConfig();
        config.setDataSource(source);
        config.setPoolName("roster-sqlite");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        return start(config, "sqlite", pool -> new SqliteDialect(), source::openWriter);
    }

    /**
     * Opens the pool and brings the schema up to date with the dialect's migrations. With a writer, writes
     * go to one connection that {@code writer} opens, committed in groups.
     */
    private static Database start(HikariConfig config, String migrations, Function<DataSource, Dialect> dialect,
                                  GroupCommit.Opener writer) {
        HikariDataSource pool = new HikariDataSource(config);
        Dialect chosen;
        try {
            // On PostgreSQL Flyway opens connections of its own (it holds one for its lock and migrates on another),
            // so the pool's size is for requests alone and a pool of one starts; SQLite's come from the pool, which
            // opens the file with its settings.
            FluentConfiguration flyway = config.getJdbcUrl() == null ? Flyway.configure().dataSource(pool)
                    : Flyway.configure().dataSource(config.getJdbcUrl(), config.getUsername(), config.getPassword());
            migrate(flyway, "classpath:db/migration/" + migrations);
            chosen = dialect.apply(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, chosen, writer == null ? null : new GroupCommit(writer));
    }

    private static void migrate(FluentConfiguration flyway, String location) {
        flyway.locations(location)
                .loggers("slf4j")
                .load()
                .migrate();
    }

    public Dialect dialect() { return dialect; }

    /** The most connections the pool opens. */
    public int poolSize() { return pool.getMaximumPoolSize(); }

    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs read-only work on one connection, in one transaction. On SQLite its statements read one snapshot; on
     * PostgreSQL each reads what was committed when it began, unless the transaction is begun for that
     * ({@link #read(String, Work)} with {@link Dialect#beginMemberListing}).
     */
    public <T> T read(Work<T> work) {
        return read(null, work);
    }

    /** As {@link #read(Work)}, in a transaction that {@code begin} starts: one of the dialect's statements, or null. */
    public <T> T read(String begin, Work<T> work) {
        Connection c = connection();
        try {
            return readOn(c, begin, work);
        } catch (SQLException e) {
            throw StoreException.from(e);
        }
    }

    /**
     * As {@link #read(String, Work)}, for work that answers nothing itself until it returns (a page of a list, read
     * whole): a connection found lost (one the database ended while it sat in the pool, as after a restart) is dropped
     * and the work runs again on another, as {@link #readOne} does.
     */
    public <T> T readRerunnable(String begin, Work<T> work) {
        return againIfLost(c -> readOn(c, begin, work));
    }

    /** Runs {@code once} on a pooled connection, which it closes; again on another if that one was found lost. */
    private <T> T againIfLost(Work<T> once) {
        for (int attempt = 1; ; attempt++) {
            Connection c = connection();
            try {
                return once.run(c);
            } catch (SQLException e) {
                if (attempt < READ_ATTEMPTS && StoreException.lostConnection(e)) continue;
                throw StoreException.from(e);
            }
        }
    }

    /** Runs read-only work in one transaction on {@code c}, and gives {@code c} back to the pool. */
    private static <T> T readOn(Connection c, String begin, Work<T> work) throws SQLException {
        try (c) {
            c.setAutoCommit(false);
            T result;
            try {
                Dialect.run(c, begin);
                result = work.run(c);
            } catch (SQLException | RuntimeException e) {
                rollBackAfter(e, c, true);
                throw e;
            }
            c.rollback();
            c.setAutoCommit(true);
            return result;
        }
    }

    /** A pooled connection; failing to get one is the database's failure, never the work's, so never run again. */
    private Connection connection() {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw StoreException.from(e);
        }
    }

    /**
     * Runs a read of one resource without an explicit transaction: each statement sees a committed state
     * (a WAL snapshot in SQLite, READ COMMITTED in PostgreSQL), and a BEGIN and a ROLLBACK are saved. The work only
     * reads and answers nothing itself, so a connection found lost (one the database ended while it sat in the
     * pool, as after a restart) is dropped and the read runs again on another.
     */
    public <T> T readOne(Work<T> work) {
        return againIfLost(c -> {
            try (c) {
                return work.run(c);
            }
        });
    }

    // As many as a write's: a restarted database may leave several lost connections in the pool.
    private static final int READ_ATTEMPTS = 5;

    /**
     * Runs work in one write transaction: it commits if the work returns, and rolls back if it throws.
     * On SQLite the work runs in a group commit (it may run more than once there: only its last run
     * counts); it must not wait for another write.
     */
    public <T> T write(Work<T> work) {
        if (groupCommit != null) return groupCommit.write(work);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            T result;
            boolean committing = false;
            try {
                result = work.run(c);
                committing = true;
                c.commit();
            } catch (SQLException | RuntimeException e) {
                boolean noWrites = StoreException.takesNoWrites(e);
                rollBackAfter(e, c, !noWrites);
                if (noWrites) {
                    // After a failover the old primary, still at the end of this connection, is a standby; a new
                    // connection goes wherever the database's address now leads.
                    log.warn("a database connection took no writes (a standby, after a failover?): replaced");
                    pool.evictConnection(c);
                } else if (StoreException.lostConnection(e)) {
                    // HikariCP drops the connection. Lost before its commit was sent, nothing of the write was stored
                    // and it may run again; lost during its commit, it may or may not have landed.
                    throw committing ? StoreException.commitOutcomeUnknown(e) : StoreException.connectionLost(e);
                }
                throw e;
            }
            c.setAutoCommit(true);
            return result;
        } catch (SQLException e) {
            throw StoreException.from(e);
        }
    }

    /**
     * Rolls back the transaction that {@code failure} ended, and returns the connection to autocommit when it is to be
     * used again. A connection that failed the work fails its rollback too: the work's failure is the one to tell.
     */
    private static void rollBackAfter(Exception failure, Connection c, boolean reuse) {
        try {
            c.rollback();
            if (reuse) c.setAutoCommit(true);
        } catch (SQLException again) {
            failure.addSuppressed(again);
        }
    }

    @Override
    public void close() {
        if (groupCommit != null) groupCommit.close();
        pool.close();
    }
}
