package dev.roster.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static dev.roster.server.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A list's filter runs in the database for at most the query timeout: one that needs longer is refused with
 * {@code 400 tooMany} and gives its connection back, so costly filters cannot hold the pool.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryTimeoutTest {
    private static final long TIMEOUT_MILLIS = 500;
    private static final int USERS = 200;
    private static final int PHONES = 250;

    private final TestServer server = TestServer.startWithQueryTimeout(TIMEOUT_MILLIS);
    private final ScimClient scim = server.client();

    // Phone numbers are not indexed: a filter of 100 terms on them checks 5,000,000 values, seconds of work on
    // either database (2–6 s measured), where one term takes tens of milliseconds.
    QueryTimeoutTest() {
        for (int u = 0; u < USERS; u++) {
            StringBuilder phones = new StringBuilder();
            for (int p = 0; p < PHONES; p++) {
                phones.append(p == 0 ? "" : ",").append("{\"value\":\"+1 555 ").append(u).append(' ').append(p).append("\"}");
            }
            String body = "{\"userName\":\"caller" + u + "\",\"phoneNumbers\":[" + phones + "]}";
            assertThat(scim.send("POST", "/Users", body).status()).isEqualTo(201);
        }
    }

    @AfterAll
    void stop() { server.close(); }

    /** {@code terms} comparisons that no phone number matches, ORed: each is checked against every number. */
    private static String costly(int terms) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < terms; i++) parts.add("phoneNumbers[value co \"+9 " + i + "\"]");
        return String.join(" or ", parts);
    }

    private static String search(String filter, String more) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],\"filter\":"
                + JsonNodeFactory.instance.textNode(filter) + more + "}";
    }

    private static void assertTooMany(ScimClient.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        JsonNode error = r.json();
        assertThat(error.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(error.path("scimType").asText()).isEqualTo("tooMany");
        assertThat(error.path("detail").asText()).contains("500 ms");
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
