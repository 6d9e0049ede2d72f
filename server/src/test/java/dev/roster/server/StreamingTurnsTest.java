package dev.roster.server;

import ch.qos.logback.classic.Level;
import dev.roster.server.config.ServerConfig;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import static dev.roster.server.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers that stream memberships hold a database connection until their client has read them, so they take turns
 * for half the pool. A client that stops reading keeps its turn; what shows no members never waits for one; a write
 * whose answer streams waits for its turn before it writes, so that it is never committed and then refused. One that
 * finds no turn in time is refused with 429 and Retry-After, which IdPs back off from and retry.
 */
class StreamingTurnsTest {
    private static final int MEMBERS = 4_000;

    @Test
    void whileAStreamHoldsTheTurnOthersThatStreamWaitForItThenAreToldToRetry() throws Exception {
        // One turn, which a read waits for at most a second.
        try (TestServer server = TestServer.startWithPoolSize(2, ServerConfig.DEFAULT_QUERY_TIMEOUT_MILLIS, 1_000)) {
            ScimClient scim = server.client();
            String held = heldGroup(scim);
            String ann = scim.post("/Users", "{'userName':'ann.turns@example.com'}").json().get("id").asText();

            String waiting = "/Groups?excludedAttributes=members&filter=" + q("displayName eq \"Waiting\"");
            String createWaiting = "{'displayName':'Waiting','members':[{'value':'" + ann + "'}]}";
            try (Socket stalled = scim.getWithoutReading("/Groups/" + held, 8192)) {

                assertThat(scim.get("/Groups/" + held + "?excludedAttributes=members").status()).isEqualTo(200);
                assertThat(scim.get("/Users/" + ann).status()).isEqualTo(200);

                // A create whose answer lists members waits for the turn before it writes: refused after its second,
                // it has written nothing, so the IdP's retry is a plain create again.
                long start = System.nanoTime();
                ScimClient.Response refusedCreate = scim.post("/Groups", createWaiting);
                assertThat(System.nanoTime() - start).as("it waited for the turn").isGreaterThanOrEqualTo(900_000_000L);
                assertRetryLater(refusedCreate);
                assertThat(scim.get(waiting).json().get("totalResults").asInt()).as("nothing written without the turn").isZero();

                // A read whose answer streams waits as long, and is refused alike.
                assertRetryLater(scim.get("/Groups/" + held));
            }
            // The stalled client is gone: its turn comes back, and the create goes through.
            ScimClient.Response created = onceNotBusy(() -> scim.post("/Groups", createWaiting));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.json().get("members")).hasSize(1);
            assertThat(scim.get(waiting).json().get("totalResults").asInt()).isEqualTo(1);
        }
    }

    /** A 429 with a SCIM Error and a Retry-After in whole seconds: Okta pauses the task that long and tries again. */
    private static void assertRetryLater(ScimClient.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(429);
        assertThat(r.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(r.json().path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(r.json().path("status").asText()).isEqualTo("429");
    }

    /** The answer once the request is no longer refused as busy: a stalled client's turn takes a moment to come back. */
    private static ScimClient.Response onceNotBusy(Supplier<ScimClient.Response> request) {
        ScimClient.Response r = request.get();
        for (int attempt = 1; attempt < 20 && r.status() == 429; attempt++) r = request.get();
        return r;
    }

    @Test
    void aReadThatFindsNoFreeConnectionIsToldToRetryAndLoggedInOneLine() throws Exception {
        // One connection, which the stalled stream below holds: a plain read waits the pool's whole time-out for it.
        try (CapturedLog log = new CapturedLog(); TestServer server = TestServer.startWithPoolSize(1)) {
            ScimClient scim = server.client();
            String held = heldGroup(scim);
            String ann = scim.post("/Users", "{'userName':'ann.pool@example.com'}").json().get("id").asText();
            try (Socket stalled = scim.getWithoutReading("/Groups/" + held, 8192)) {
                assertRetryLater(scim.get("/Users/" + ann));
            }
            ScimClient.Response after = onceNotBusy(() -> scim.get("/Users/" + ann));
            assertThat(after.status()).as(after.toString()).isEqualTo(200);

            // The database was up all along: a warning without a trace, not an incident.
            assertThat(log.events()).anySatisfy(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(e.getFormattedMessage()).contains("no database connection came free");
                assertThat(e.getThrowableProxy()).isNull();
            });
            assertThat(log.events()).noneSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.ERROR));
        }
    }

    /**
     * A group whose answer a client that stops reading keeps streaming: its members have display names of 500
     * three-byte characters, so the answer (about 6.6 MB) outgrows the socket buffers between the server and the
     * client (Linux lets a send buffer grow to 4 MB), and the stream stays open, holding its turn and connection.
     */
    private static String heldGroup(ScimClient scim) throws Exception {
        String longName = "\u20ac".repeat(500);
        List<Callable<String>> creates = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            String body = "{'userName':'turn" + i + "@example.com','displayName':'" + longName + "'}";
            creates.add(() -> scim.post("/Users", body).json().get("id").asText());
        }
        List<String> ids = Parallel.run(creates);
        StringBuilder members = new StringBuilder();
        for (String id : ids) members.append(members.isEmpty() ? "" : ",").append("{'value':'").append(id).append("'}");
        return scim.post("/Groups?excludedAttributes=members", "{'displayName':'Held','members':[" + members + "]}")
                .json().get("id").asText();
    }
}
