package dev.roster.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static dev.roster.server.CostlyFilters.USERS;
import static dev.roster.server.CostlyFilters.costly;
import static dev.roster.server.CostlyFilters.search;
import static dev.roster.server.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A list's filter runs in the database for at most the query timeout: one that needs longer is refused with
 * {@code 400 tooMany} and gives its connection back, so costly filters cannot hold the pool.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryTimeoutTest {
    private static final long TIMEOUT_MILLIS = 500;
    private final TestServer server = TestServer.startWithQueryTimeout(TIMEOUT_MILLIS);
    private final ScimClient scim = server.client();

    QueryTimeoutTest() {
        CostlyFilters.createCallers(scim);
    }

    @AfterAll
    void stop() { server.close(); }

    private static void assertTooMany(ScimClient.Response r) {
        CostlyFilters.assertTooMany(r, "500 ms");
    }

    @Test
    void aFilterThatRunsLongerThanTheTimeoutIsTooMany() {
        String filter = costly(100);
        assertTooMany(scim.get("/Users?filter=" + q(filter)));
        assertTooMany(scim.post("/Users/.search", search(filter, "")));
        // Only the count: a page of none.
        assertTooMany(scim.post("/Users/.search", search(filter, ",\"count\":0")));
        // The total of a cursor page is counted too.
        assertTooMany(scim.get("/Users?cursor=&filter=" + q(filter)));
        // At the root, every resource type is searched.
        assertTooMany(scim.post("/.search", search(filter, "")));
    }

    @Test
    void aFilterThatFitsTheTimeoutAnswers() {
        JsonNode one = scim.get("/Users?filter=" + q("phoneNumbers[value eq \"+1 555 7 3\"]")).json();
        assertThat(one.path("totalResults").asInt()).isEqualTo(1);
        assertThat(one.path("Resources").get(0).path("userName").asText()).isEqualTo("caller7");

        ScimClient.Response some = scim.post("/Users/.search", search("phoneNumbers[value ew \" 249\"]", ",\"count\":10"));
        assertThat(some.status()).as(some.toString()).isEqualTo(200);
        assertThat(some.json().path("totalResults").asInt()).isEqualTo(USERS);
        assertThat(some.json().path("Resources")).hasSize(10);
    }

    @Test
    void refusedListsGiveTheirConnectionsBack() throws Exception {
        // More at once than either database's pool has connections.
        List<Callable<ScimClient.Response>> searches = new ArrayList<>();
        for (int i = 0; i < 12; i++) searches.add(() -> scim.post("/Users/.search", search(costly(100), "")));
        for (ScimClient.Response r : Parallel.run(searches)) assertTooMany(r);

        // The same statements, with a first term that every user matches at once: they answer, on every connection.
        String quick = "phoneNumbers[value co \"+1 555 \"] or " + costly(99);
        for (int round = 0; round < 3; round++) {
            List<Callable<ScimClient.Response>> again = new ArrayList<>();
            for (int i = 0; i < 12; i++) again.add(() -> scim.post("/Users/.search", search(quick, ",\"count\":1")));
            for (ScimClient.Response r : Parallel.run(again)) {
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
                assertThat(r.json().path("totalResults").asInt()).isEqualTo(USERS);
            }
        }

        assertThat(scim.get("/Users?count=1").status()).isEqualTo(200);
        assertThat(scim.post("/Users", "{\"userName\":\"after-the-timeouts\"}").status()).isEqualTo(201);
        assertThat(scim.get("/Users?filter=" + q("userName eq \"after-the-timeouts\"")).json().path("totalResults").asInt())
                .isEqualTo(1);
    }
}
