package dev.roster.server;

import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.roster.server.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers that stream memberships hold a database connection until their client has read them, so they take turns
 * for half the pool. A client that stops reading keeps its turn; what shows no members never waits for one; a write
 * whose answer streams waits for its turn before it writes, so that it is never committed and then refused.
 */
class StreamingTurnsTest {
    private static final int MEMBERS = 4_000;

    @Test
    void aWriteWhoseAnswerStreamsWaitsForItsTurnBeforeWriting() throws Exception {
        try (TestServer server = TestServer.startWithPoolSize(2)) { // one turn
            ScimClient scim = server.client();
            // Members with display names of 500 three-byte characters: the group's answer (about 6.6 MB) outgrows the
            // socket buffers between the server and a client that stops reading (Linux lets a send buffer grow to
            // 4 MB), so its stream stays open, and its turn taken.
            String longName = "\u20ac".repeat(500);
            List<Callable<String>> creates = new ArrayList<>();
            for (int i = 0; i < MEMBERS; i++) {
                String body = "{'userName':'turn" + i + "@example.com','displayName':'" + longName + "'}";
                creates.add(() -> scim.post("/Users", body).json().get("id").asText());
            }
            List<String> ids = Parallel.run(creates);
            StringBuilder members = new StringBuilder();
            for (String id : ids) members.append(members.isEmpty() ? "" : ",").append("{'value':'").append(id).append("'}");
            String held = scim.post("/Groups?excludedAttributes=members", "{'displayName':'Held','members':[" + members + "]}")
                    .json().get("id").asText();
            String ann = scim.post("/Users", "{'userName':'ann.turns@example.com'}").json().get("id").asText();

            CompletableFuture<ScimClient.Response> create;
            try (Socket stalled = scim.getWithoutReading("/Groups/" + held, 8192)) {

                assertThat(scim.get("/Groups/" + held + "?excludedAttributes=members").status()).isEqualTo(200);
                assertThat(scim.get("/Users/" + ann).status()).isEqualTo(200);

                create = CompletableFuture.supplyAsync(
                        () -> scim.post("/Groups", "{'displayName':'Waiting','members':[{'value':'" + ann + "'}]}"));
                Thread.sleep(1500);
                assertThat(create).as("a create whose answer lists members waits for the turn").isNotDone();
                String waiting = "/Groups?excludedAttributes=members&filter=" + q("displayName eq \"Waiting\"");
                assertThat(scim.get(waiting).json().get("totalResults").asInt()).as("nothing written before the turn").isZero();
            }
            // The stalled client is gone: its turn comes back, and the create goes on.
            ScimClient.Response created = create.get(20, TimeUnit.SECONDS);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.json().get("members")).hasSize(1);
            assertThat(scim.get("/Groups/" + created.json().get("id").asText() + "?excludedAttributes=members").status()).isEqualTo(200);
        }
    }
}
