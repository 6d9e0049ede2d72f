package dev.roster.server.store;

import dev.roster.scim.filter.FilterBinder;
import dev.roster.scim.filter.FilterParser;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The lookups IdPs make are index searches, never scans: checked on the plan of the query the server runs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryPlanTest {
    private final SchemaRegistry registry = SchemaRegistry.core();
    private Database db;
    private ResourceStore store;

    @BeforeAll
    void open(@TempDir Path dir) {
        db = Database.openSqlite(dir.resolve("roster.db"), 2);
        store = new ResourceStore(db.dialect(), new com.fasterxml.jackson.databind.ObjectMapper());
    }

    @AfterAll
    void close() { db.close(); }

    private List<String> plan(String type, String filter) {
        ResourceType rt = registry.resourceType(type);
        Sql where = SqlFilterCompiler.compile(FilterBinder.bind(FilterParser.parse(filter), rt, registry), rt, registry,
                db.dialect(), "d1");
        return db.read(c -> {
            List<String> page = store.explain(c, "d1", type, new Query(where, null, false, null, 0, 100));
            return page;
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "User  | userName eq \"Ann@Example.com\"                      | resources_user_name",
            "User  | userName sw \"Ann@\"                                 | resources_user_name",
            "Group | displayName sw \"Eng\"                               | resources_group_name",
            "User  | emails.value sw \"ann@\"                             | resource_values_lookup",
            "User  | externalId eq \"00ujl29u0le5T6Aj10h7\"                | resources_external_id",
            "User  | id eq \"2819c223-7f76-453a-919d-413861904646\"        | resources_id",
            "Group | displayName eq \"Engineering\"                        | resources_display_name",
            "User  | displayName eq \"Ann Lee\"                           | resources_display_name",
            "User  | emails.value eq \"ann@example.com\"                   | resource_values_lookup",
            "User  | emails eq \"ann@example.com\" and active eq true      | resource_values_lookup",
            "User  | emails[type eq \"work\"].value eq \"ann@example.com\" | resource_values_lookup",
            "User  | emails[value sw \"ann@\" and primary eq true]       | resource_values_lookup",
            "Group | members.value eq \"2819c223-7f76-453a-919d-413861904646\" | memberships_member",
            "Group | members eq \"2819c223-7f76-453a-919d-413861904646\"   | memberships_member",
            "User  | groups.value eq \"2819c223-7f76-453a-919d-413861904646\" | sqlite_autoindex_memberships_1",
            "Group | members[value eq \"2819c223-7f76-453a-919d-413861904646\"] | memberships_member",
            "Group | members[value eq \"2819c223-7f76-453a-919d-413861904646\" and type eq \"User\"] | memberships_member",
            "User  | groups[value eq \"2819c223-7f76-453a-919d-413861904646\"] | sqlite_autoindex_memberships_1",
    })
    void lookupsSearchAnIndex(String type, String filter, String index) {
        List<String> plan = plan(type, filter);
        assertThat(plan).as(String.join("\n", plan)).anyMatch(line -> line.startsWith("SEARCH") && line.contains(index));
        assertThat(plan).as(String.join("\n", plan)).noneMatch(line -> line.startsWith("SCAN r") || line.contains("resources_listing"));
    }
}
