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
}
