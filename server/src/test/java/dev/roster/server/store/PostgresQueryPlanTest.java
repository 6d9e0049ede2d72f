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

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On PostgreSQL, with statistics of a directory of some size, the lookups IdPs make are index scans: checked on
 * the plan the server's connections use for the query the server runs. That is the one plan a connection keeps
 * for any values, or, for a filter planned for its values ({@link Sql#planForValues}), the plan made for them.
 * (An EXPLAIN with bound parameters would plan for their values whatever the connection's setting; so the query
 * is prepared, and the plan of its execution read, as in {@link PostgresMemberPlanTest}.)
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
                store.memberships().addMember(c, DIRECTORY, groups.get(i % 200), id, "User");
                store.memberships().addMember(c, DIRECTORY, groups.get((i * 7 + 1) % 200), id, "User");
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

    private Sql where(String type, String filter) {
        ResourceType rt = registry.resourceType(type);
        String f = filter.replace("$USER", someUser).replace("$GROUP", someGroup);
        return SqlFilterCompiler.compile(FilterBinder.bind(FilterParser.parse(f), rt, registry), rt, registry, db.dialect(), DIRECTORY);
    }

    private String plan(String type, Sql where) {
        Query page = new Query(where, null, false, null, 0, 100);
        return db.read(where.planForValues() ? db.dialect().planForValues() : null, c -> asPrepared(c, type, page));
    }

    /** The plan of the page query as the server runs it: prepared, then executed with its values. */
    private String asPrepared(Connection c, String type, Query page) throws SQLException {
        Statement query = captured(type, page);
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char ch : query.sql().toCharArray()) {
            if (ch == '?') numbered.append('$').append(++n);
            else numbered.append(ch);
        }
        assertThat(n).isEqualTo(query.values().size());
        List<String> literals = new ArrayList<>();
        for (Object v : query.values()) {
            literals.add(v instanceof Number || v instanceof Boolean ? v.toString() : "'" + v.toString().replace("'", "''") + "'");
        }
        try (var s = c.createStatement()) {
            s.execute("PREPARE page_plan AS " + numbered);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE page_plan(" + String.join(", ", literals) + ")")) {
                while (rs.next()) plan.append(rs.getString(1)).append('\n');
            }
            s.execute("DEALLOCATE page_plan");
            return plan.toString();
        }
    }

    private record Statement(String sql, List<Object> values) {}

    /** The page query and its values as {@link ResourceStore#explain} prepares and binds them, without running it. */
    private Statement captured(String type, Query page) throws SQLException {
        String[] sql = new String[1];
        SortedMap<Integer, Object> values = new TreeMap<>();
        InvocationHandler resultSet = (proxy, method, args) -> switch (method.getName()) {
            case "next" -> false;
            case "getMetaData" -> Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{ResultSetMetaData.class},
                    (p, m, a) -> m.getName().equals("getColumnCount") ? 1 : null);
            default -> null;
        };
        InvocationHandler statement = (proxy, method, args) -> {
            if (method.getName().startsWith("set") && args != null && args.length == 2 && args[0] instanceof Integer i) {
                values.put(i, args[1]);
            }
            if (method.getName().equals("executeQuery")) {
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{ResultSet.class}, resultSet);
            }
            return null;
        };
        Connection recording = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("prepareStatement")) throw new UnsupportedOperationException(method.getName());
                    sql[0] = ((String) args[0]).substring(db.dialect().explain().length()).trim();
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{PreparedStatement.class}, statement);
                });
        store.explain(recording, DIRECTORY, type, page);
        assertThat(values.lastKey()).isEqualTo(values.size());
        return new Statement(sql[0], new ArrayList<>(values.values()));
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
            "User  | emails[type eq \"work\"].value eq \"user42@example.com\" | resource_values_lookup",
            "Group | members.value eq \"$USER\"                | memberships_member",
            "User  | groups.value eq \"$GROUP\"                | memberships_pkey",
            "Group | members[value eq \"$USER\"]              | memberships_member",
            "Group | members[value eq \"$USER\" and type eq \"User\"] | memberships_member",
            "User  | groups[value eq \"$GROUP\"]              | memberships_pkey",
    })
    void lookupsUseAnIndex(String type, String filter, String index) {
        Sql where = where(type, filter);
        String text = plan(type, where);
        // The plan kept for any values names its parameters; one made for the values names them.
        assertThat(text.contains("$1")).as(text).isEqualTo(!where.planForValues());
        assertThat(text).as(text).contains(index).containsPattern("Index (Only )?Scan|Bitmap Index Scan");
        assertThat(text).as(text).doesNotContain("Seq Scan on resources");
    }
}
