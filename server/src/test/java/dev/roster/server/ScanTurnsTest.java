package dev.roster.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.roster.server.CostlyFilters.costly;
import static dev.roster.server.CostlyFilters.search;
import static dev.roster.server.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lists that read every user take turns for a quarter of the pool (at least one connection), so the lookups IdPs
 * make, which an index answers, never wait behind them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScanTurnsTest {
    private static final long TIMEOUT_MILLIS = 2_000;

    // Two connections: one turn for scans, and one for everything else.
    private final TestServer server = TestServer.startWithPoolSize(2, TIMEOUT_MILLIS);
    private final ScimClient scim = server.client();

    ScanTurnsTest() {
        CostlyFilters.createCallers(scim);
    }

    @AfterAll
    void stop() { server.close(); }

    @Test
    void lookupsDoNotWaitBehindScans() throws Exception {
        // Two scans at once, each several times longer than the timeout (400 terms: 8 s and more on either database,
        // against 2): without turns they would hold both connections until the timeout stopped them.
        CompletableFuture<ScimClient.Response> first = CompletableFuture.supplyAsync(
                () -> scim.post("/Users/.search", search(costly(400), "")));
        CompletableFuture<ScimClient.Response> second = CompletableFuture.supplyAsync(
                () -> scim.post("/Users/.search", search(costly(400), ",\"sortBy\":\"phoneNumbers.value\"")));
        Thread.sleep(300);

        ScimClient.Response byUserName = scim.get("/Users?filter=" + q("userName eq \"caller7\""));
        ScimClient.Response byExternalId = scim.get("/Users?filter=" + q("externalId eq \"ext-8\" or externalId eq \"ext-9\""));
        ScimClient.Response page = scim.get("/Users?startIndex=11&count=5");
        boolean answeredBeforeTheScans = !first.isDone() && !second.isDone();

        assertThat(byUserName.json().path("totalResults").asInt()).isEqualTo(1);
        assertThat(byExternalId.json().path("totalResults").asInt()).isEqualTo(2);
        assertThat(page.json().path("Resources")).hasSize(5);
        assertThat(answeredBeforeTheScans).as("the lookups answered while the scans still ran").isTrue();

        // Each scan ran in its turn, until the timeout stopped it.
        CostlyFilters.assertTooMany(first.get(30, TimeUnit.SECONDS), "2 s");
        CostlyFilters.assertTooMany(second.get(30, TimeUnit.SECONDS), "2 s");
    }

    @Test
    void aScanThatFindsNoTurnIsToldToRetry() throws Exception {
        // One turn for scans, waited for at most 300 ms; the scan holding it runs until its 2 s timeout stops it.
        try (TestServer busy = TestServer.startWithPoolSize(2, TIMEOUT_MILLIS, 300)) {
            ScimClient scim = busy.client();
            CostlyFilters.createCallers(scim);
            CompletableFuture<ScimClient.Response> holder = CompletableFuture.supplyAsync(
                    () -> scim.post("/Users/.search", search(costly(400), "")));
            Thread.sleep(500);

            ScimClient.Response refused = scim.get("/Users?filter=" + q(costly(3)));
            assertThat(holder).as("the first scan still holds the turn").isNotDone();
            assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
            assertThat(refused.header("Retry-After")).as("whole seconds, the form Okta honours").matches("[1-9][0-9]*");
            assertThat(refused.json().path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
            assertThat(refused.json().path("status").asText()).isEqualTo("429");
            assertThat(refused.json().path("detail").asText()).contains("retry");

            CostlyFilters.assertTooMany(holder.get(30, TimeUnit.SECONDS), "2 s");
            // The turn is back: the same scan runs now.
            assertThat(scim.get("/Users?filter=" + q(costly(3))).json().path("totalResults").asInt()).isZero();
        }
    }
}
