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

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A list's statements share one time limit: a statement that starts after the list has spent it fails as a stopped
 * one does, without running, while a page without a condition or a sort runs on (it walks an index).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimeLimitTest {
    private static final String DIRECTORY = "limit-directory";
    private static final long LIMIT_MILLIS = 300;
    private final SchemaRegistry registry = SchemaRegistry.core();
    private DatabaseConfig config;
    private Database db;
    private ResourceStore store;
    private Sql titled;

    @BeforeAll
    void seed() {
        config = TestDatabase.fresh("roster-time-limit");
        db = config.open();
        store = new ResourceStore(db.dialect(), new ObjectMapper(), Long.MAX_VALUE, LIMIT_MILLIS);
        db.write(c -> {
            TestDirectories.insert(c, DIRECTORY, DIRECTORY);
            String now = "2026-01-01T00:00:00.000Z";
            for (int i = 0; i < 20; i++) {
                store.insert(c, DIRECTORY, new StoredResource(UUID.randomUUID().toString(), "User", 1, now, now,
                        JsonNodeFactory.instance.objectNode().put("userName", "user" + i).put("title", i % 2 == 0 ? "even" : "odd")));
            }
            return null;
        });
        ResourceType user = registry.resourceType("User");
        titled = SqlFilterCompiler.compile(FilterBinder.bind(FilterParser.parse("title co \"ev\""), user, registry), user,
                registry, db.dialect(), DIRECTORY);
    }

    @AfterAll
    void close() {
        if (db != null) db.close();
        if (config != null) TestDatabase.drop(config);
    }

    @Test
    void statementsWithinTheLimitRun() {
        TimeLimit limit = store.startListTimeLimit();
        long total = db.read(c -> store.count(c, DIRECTORY, "User", titled, limit));
        int page = db.read(c -> store.search(c, DIRECTORY, "User", new Query(titled, null, false, null, 0, 100), limit).rows().size());
        assertThat(total).isEqualTo(10);
        assertThat(page).isEqualTo(10);
    }

    @Test
    void aStatementAfterTheListSpentItsLimitFailsAsTimedOut() throws Exception {
        TimeLimit limit = store.startListTimeLimit();
        Thread.sleep(LIMIT_MILLIS + 50);

        assertThatThrownBy(() -> db.read(c -> store.count(c, DIRECTORY, "User", titled, limit)))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTimedOut()).isTrue());
        assertThatThrownBy(() -> db.read(c -> store.search(c, DIRECTORY, "User", new Query(titled, null, false, null, 0, 100), limit)))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTimedOut()).isTrue());
        // A plain page and the running total need no limit: they still answer.
        int plainPage = db.read(c -> store.search(c, DIRECTORY, "User", new Query(null, null, false, null, 0, 5), limit).rows().size());
        long runningTotal = db.read(c -> store.count(c, DIRECTORY, "User", null, limit));
        assertThat(plainPage).isEqualTo(5);
        assertThat(runningTotal).isEqualTo(20);
    }

    @Test
    void withoutATimeoutNothingIsLimited() throws Exception {
        ResourceStore unlimited = new ResourceStore(db.dialect(), new ObjectMapper(), Long.MAX_VALUE, 0);
        TimeLimit limit = unlimited.startListTimeLimit();
        Thread.sleep(LIMIT_MILLIS + 50);
        long total = db.read(c -> unlimited.count(c, DIRECTORY, "User", titled, limit));
        assertThat(total).isEqualTo(10);
    }
}
