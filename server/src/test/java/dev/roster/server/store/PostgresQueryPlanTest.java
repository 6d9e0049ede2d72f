package dev.roster.server.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.roster.scim.filter.FilterBinder;
import dev.roster.scim.filter.FilterParser;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;
import dev.roster.server.TestDatabase;
import dev.roster.server.config.DatabaseConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On PostgreSQL, with statistics of a directory of some size, the lookups IdPs make are index scans: checked on
 * the plan of the query the server runs, made for the lookup's values (an EXPLAIN with bound values plans for
 * them). Here every value selects a small share of the rows, so the one plan the server's connections keep is
 * the same; where it is not, {@link PostgresMemberPlanTest} reads that plan.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresQueryPlanTest {
    private static final String DIRECTORY = "plan-directory";
    private final SchemaRegistry registry = SchemaRegistry.core();
    private DatabaseConfig config;
    private Database db;
    private ResourceStore store;
    private String someUser;
    private String someGroup;

    @BeforeAll
    void seed() throws Exception {
        assumeTrue(TestDatabase.isPostgres(), "runs in the PostgreSQL half of the suite");
        config = TestDatabase.fresh("roster-pg-plan");
        db = config.open();
        store = new ResourceStore(db.dialect(), new ObjectMapper());
        db.write(c -> {
            TestDirectories.insert(c, DIRECTORY, DIRECTORY);
            String now = "2026-01-01T00:00:00.000Z";
            // 200 groups, each user in two of them: lookups both ways select a small share of the rows.
            List<String> groups = new java.util.ArrayList<>();
            for (int g = 0; g < 200; g++) {
                String gid = UUID.randomUUID().toString();
                store.insert(c, DIRECTORY, new StoredResource(gid, "Group", 1, now, now,
                        JsonNodeFactory.instance.objectNode().put("displayName", g == 0 ? "Engineering" : "Group " + g)));
                groups.add(gid);
            }
            someGroup = groups.get(0);
            for (int i = 0; i < 5000; i++) {
                String id = UUID.randomUUID().toString();
                var doc = JsonNodeFactory.instance.objectNode().put("userName", "user" + i + "@example.com")
                        .put("externalId", "ext" + i).put("displayName", "User " + i);
                doc.putArray("emails").addObject().put("value", "user" + i + "@example.com").put("type", "work");
                store.insert(c, DIRECTORY, new StoredResource(id, "User", 1, now, now, doc));
                store.addMember(c, DIRECTORY, groups.get(i % 200), id, "User");
                store.addMember(c, DIRECTORY, groups.get((i * 7 + 1) % 200), id, "User");
                if (i == 4242) someUser = id;
            }
            try (var s = c.createStatement()) {
                s.execute("ANALYZE");
            }
            return null;
        });
    }

    @AfterAll
    void close() {
        if (db != null) db.close();
        if (config != null) TestDatabase.drop(config);
    }

    private List<String> plan(String type, String filter) {
        ResourceType rt = registry.resourceType(type);
        String f = filter.replace("$USER", someUser).replace("$GROUP", someGroup);
        Sql where = SqlFilterCompiler.compile(FilterBinder.bind(FilterParser.parse(f), rt, registry), rt, registry, db.dialect(), DIRECTORY);
        return db.read(c -> store.explain(c, DIRECTORY, type, new Query(where, null, false, null, 0, 100)));
    }

    @Test
    void theServersConnectionsPlanEachStatementOnceForAnyValues() {
        // Two connections at once: the setting is made on every connection the pool opens.
        List<String> modes = db.read(outer -> db.read(inner -> List.of(planCacheMode(outer), planCacheMode(inner))));
        assertThat(modes).containsOnly("force_generic_plan");
    }

    private static String planCacheMode(Connection c) throws SQLException {
        try (var s = c.createStatement(); var rs = s.executeQuery("SHOW plan_cache_mode")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "User  | userName eq \"User42@Example.com\"       | resources_user_name",
            "User  | userName sw \"User42@\"                  | resources_user_name",
            "User  | emails.value sw \"user42@\"              | resource_values_lookup",
            "User  | externalId eq \"ext42\"                   | resources_external_id",
            "User  | id eq \"$USER\"                           | resources_id",
            "User  | displayName eq \"user 42\"                | resources_display_name",
            "Group | displayName eq \"engineering\"            | resources_",
            "User  | emails.value eq \"user42@example.com\"    | resource_values_lookup",
            "Group | members.value eq \"$USER\"                | memberships_member",
            "User  | groups.value eq \"$GROUP\"                | memberships_pkey",
    })
    void lookupsUseAnIndex(String type, String filter, String index) {
        List<String> plan = plan(type, filter);
        String text = String.join("\n", plan);
        assertThat(text).as(text).contains(index).containsPattern("Index (Only )?Scan|Bitmap Index Scan");
        assertThat(text).as(text).doesNotContain("Seq Scan on resources");
    }
}
