package dev.roster.server.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQLite's write-ahead log grows past its usual few megabytes while a read holds an old snapshot and writers
 * commit (a long streamed answer, a costly list), or when one group of writes is large. Once the log starts
 * over, its file goes back to the limit instead of keeping that size on disk for good.
 */
class SqliteWalTest {
    private static final int MEGABYTE = 1024 * 1024;

    @Test
    void theLogFileShrinksBackToItsLimitOnceNoReadHoldsItOpen(@TempDir Path dir) throws Exception {
        Path wal = dir.resolve("roster.db-wal");
        long limit = SqliteDataSource.WAL_SIZE_LIMIT_BYTES;
        int large = (int) (limit / MEGABYTE) + 8;
        try (Database db = Database.openSqlite(dir.resolve("roster.db"), 2)) {
            db.write(c -> execute(c, "CREATE TABLE ballast (b BLOB)"));
            db.read(c -> {
                rows(c); // the read's snapshot begins: nothing committed after it may be copied back yet
                for (int i = 0; i < large; i++) db.write(w -> insert(w, MEGABYTE));
                return null;
            });
            assertThat(Files.size(wal)).as("the log while a read held it").isGreaterThan(limit);

            // The first commit after the read copies the log back; the next starts it over, and cuts the file.
            for (int i = 0; i < 3; i++) db.write(w -> insert(w, 100));
            assertThat(Files.size(wal)).as("the log once it started over").isLessThanOrEqualTo(limit);
            assertThat(db.readOne(SqliteWalTest::rows)).isEqualTo(large + 3);
        }
    }

    private static Void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
        return null;
    }

    private static Void insert(Connection c, int bytes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ballast (b) VALUES (randomblob(?))")) {
            ps.setInt(1, bytes);
            ps.executeUpdate();
        }
        return null;
    }

    private static int rows(Connection c) throws SQLException {
        return TestRows.count(c, "ballast");
    }
}
