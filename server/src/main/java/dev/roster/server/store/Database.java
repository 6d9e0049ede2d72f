package dev.roster.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connection pool and transactions. SQLite allows one writer at a time, so write transactions are
 * serialised here rather than left to fail with SQLITE_BUSY; readers run beside them (WAL mode).
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final Dialect dialect;
    private final ReentrantLock writeLock = new ReentrantLock(true);

    private Database(HikariDataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
    }

    /** Opens (creating if needed) the SQLite database file and brings its schema up to date. */
    public static Database openSqlite(java.nio.file.Path file, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(new SqliteDataSource(file));
        config.setPoolName("roster-sqlite");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            migrate(pool, "classpath:db/migration/sqlite");
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, new SqliteDialect());
    }

    private static void migrate(DataSource dataSource, String location) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations(location)
                .loggers("slf4j")
                .load()
                .migrate();
    }

    public Dialect dialect() { return dialect; }

    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs read-only work on one connection, in one transaction so that its reads agree. */
    public <T> T read(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                return work.run(c);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw StoreException.from(e);
        }
    }

    /** Runs work in one write transaction: it commits if the work returns, and rolls back if it throws. */
    public <T> T write(Work<T> work) {
        writeLock.lock();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw StoreException.from(e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
