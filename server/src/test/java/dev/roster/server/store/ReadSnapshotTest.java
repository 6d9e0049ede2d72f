package dev.roster.server.store;

import dev.roster.server.TestDatabase;
import dev.roster.server.config.DatabaseConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read that lists group members sees the state it began with in all its statements, on either database: a
 * group's version and the members streamed after it agree although writers commit meanwhile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadSnapshotTest {
    private DatabaseConfig config;
    private Database db;

    @BeforeAll
    void open() {
        config = TestDatabase.fresh("roster-snapshot");
        db = config.open();
    }

    @AfterAll
    void close() {
        if (db != null) db.close();
        if (config != null) TestDatabase.drop(config);
    }

    @Test
    void aMemberListingSeesTheStateItBeganWithWhileOthersCommit() {
        db.write(c -> insertDirectory(c));
        int[] seen = db.read(db.dialect().beginMemberListing(), c -> {
            int first = directories(c);
            db.write(w -> insertDirectory(w)); // another connection, committed before the read goes on
            return new int[] {first, directories(c)};
        });
        assertThat(seen[1]).isEqualTo(seen[0]);
        assertThat(db.readOne(ReadSnapshotTest::directories)).isEqualTo(seen[0] + 1);
    }

    private static String insertDirectory(Connection c) throws SQLException {
        String name = "snapshot-" + UUID.randomUUID();
        TestDirectories.insert(c, UUID.randomUUID().toString(), name);
        return name;
    }

    private static int directories(Connection c) throws SQLException {
        return TestRows.count(c, "directories");
    }
}
