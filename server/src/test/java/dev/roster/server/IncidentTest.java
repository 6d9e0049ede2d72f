package dev.roster.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An unexpected failure answers 500 with an incident id; the log has the same id and the details. */
class IncidentTest {

    @Test
    void aBrokenRowIsAnIncidentNotAStackTrace() throws Exception {
        try (CapturedLog log = new CapturedLog(); TestServer server = TestServer.start()) {
            ScimClient scim = server.client();
            String id = scim.post("/Users", "{'userName':'broken@example.com'}").json().get("id").asText();
            // A document that is JSON but not an object: no code path expects it.
            assertThat(TestDatabase.execute(server.database(), "UPDATE resources SET doc = '[1]' WHERE id = ?", id)).isEqualTo(1);
            ScimClient.Response r = scim.get("/Users/" + id);
            assertThat(r.status()).isEqualTo(500);
            JsonNode body = r.json();
            assertThat(body.get("status").asText()).isEqualTo("500");
            assertThat(r.text()).doesNotContain("Exception").doesNotContain("ArrayNode");
            String incident = body.get("detail").asText().replaceAll(".*incident ([0-9a-f-]{36}).*", "$1");
            assertThat(incident).hasSize(36);
            assertThat(log.events()).anySatisfy(e -> {
                assertThat(e.getFormattedMessage()).contains(incident);
                assertThat(e.getThrowableProxy()).isNotNull();
            });
            assertThat(log.events()).noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains(TestServer.TOKEN));
        }
    }
}
