package dev.roster.server.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.roster.server.TestDatabase;
import dev.roster.server.config.DatabaseConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On PostgreSQL, in a directory of one large group beside a small one (an "Everyone" group and a team), the
 * statements that list or remove a small group's members read its rows by index. The one plan PostgreSQL keeps
 * per statement is made for an average group, half the directory here, and read every membership row.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresMemberPlanTest {
    private static final String DIRECTORY = "skewed-directory";
    private DatabaseConfig config;
    private Database db;
    private String small;

    @BeforeAll
    void seed() {
        assumeTrue(TestDatabase.isPostgres(), "runs in the PostgreSQL half of the suite");
        config = TestDatabase.fresh("roster-pg-member-plan");
        db = config.open();
        ResourceStore store = new ResourceStore(db.dialect(), new ObjectMapper());
        String now = "2026-01-01T00:00:00.000Z";
        db.write(c -> {
            TestDirectories.insert(c, DIRECTORY, DIRECTORY);
            String everyone = group(store, c, "Everyone", now);
            small = group(store, c, "Team", now);
            List<String> users = new ArrayList<>();
            for (int i = 0; i < 4000; i++) {
                String id = UUID.randomUUID().toString();
                store.insert(c, DIRECTORY, new StoredResource(id, "User", 1, now, now,
                        JsonNodeFactory.instance.objectNode().put("userName", "user" + i + "@example.com")));
                store.memberships().addMember(c, DIRECTORY, everyone, id, "User");
                users.add(id);
            }
            for (int i = 0; i < 5; i++) store.memberships().addMember(c, DIRECTORY, small, users.get(i), "User");
            try (var s = c.createStatement()) {
                s.execute("ANALYZE");
            }
            return null;
        });
    }

    private static String group(ResourceStore store, Connection c, String name, String now) throws SQLException {
        String id = UUID.randomUUID().toString();
        store.insert(c, DIRECTORY, new StoredResource(id, "Group", 1, now, now,
                JsonNodeFactory.instance.objectNode().put("displayName", name)));
        return id;
    }

    @AfterAll
    void close() {
        if (db != null) db.close();
        if (config != null) TestDatabase.drop(config);
    }

    @Test
    void aMemberListingReadsASmallGroupsRowsByIndex() {
        String plan = db.read(db.dialect().beginMemberListing(),
                c -> explain(c, MembershipStore.membershipsSql("group_id", "member_id", 1)));
        assertThat(plan).as(plan).contains("memberships_pkey").doesNotContain("Seq Scan on memberships");
    }

    @Test
    void removingASmallGroupsMembersFindsThemByIndex() {
        String plan = db.write(c -> {
            try (var s = c.createStatement()) {
                s.execute(db.dialect().planForValues());
            }
            return explain(c, MembershipStore.REMOVE_ALL_MEMBERS_SQL);
        });
        assertThat(plan).as(plan).contains("memberships_pkey").doesNotContain("Seq Scan on memberships");
    }

    /**
     * The plan PostgreSQL uses for {@code sql} as the server runs it: prepared, then executed for the small group.
     * (An EXPLAIN with bound parameters would plan for their values whatever the connection's plan_cache_mode.)
     */
    private String explain(Connection c, String sql) throws SQLException {
        String numbered = sql.replaceFirst("\\?", "\\$1").replaceFirst("\\?", "\\$2");
        try (var s = c.createStatement()) {
            s.execute("PREPARE member_plan(text, text) AS " + numbered);
            StringBuilder plan = new StringBuilder();
            // Both values are this test's own: a fixed name and a UUID.
            try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE member_plan('" + DIRECTORY + "', '" + small + "')")) {
                while (rs.next()) plan.append(rs.getString(1)).append('\n');
            }
            s.execute("DEALLOCATE member_plan");
            return plan.toString();
        }
    }
}
