package dev.roster.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.server.config.DatabaseConfig;
import dev.roster.server.config.ServerConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

class PersistenceTest {

    @Test
    void dataSurvivesARestart() {
        try (TestServer server = TestServer.start()) {
            ScimClient scim = server.client();
            String user = scim.post("/Users", "{'userName':'durable@example.com','title':'Keeper'}").json().get("id").asText();
            String group = scim.post("/Groups", "{'displayName':'Durable','members':[{'value':'" + user + "'}]}").json().get("id").asText();

            server.restart();
            scim = server.client();

            JsonNode u = scim.get("/Users/" + user).json();
            assertThat(u.get("title").asText()).isEqualTo("Keeper");
            assertThat(u.at("/groups/0/value").asText()).isEqualTo(group);
            assertThat(scim.get("/Groups/" + group).json().at("/members/0/value").asText()).isEqualTo(user);
        }
    }

    @Test
    void aGeneratedTokenIsShownOnceAndStoredOnlyAsAHash() throws Exception {
        DatabaseConfig database = TestDatabase.fresh("roster-token");
        ServerConfig config = new ServerConfig("127.0.0.1", 0, database, null, null, ServerConfig.DEFAULT_MAX_REQUEST_BYTES, null);
        try {
            String token;
            try (Roster first = Roster.start(config)) {
                token = first.generatedToken();
                assertThat(token).startsWith("rst_").hasSizeGreaterThan(40);
                assertThat(new ScimClient(first.port(), token).get("/Users").status()).isEqualTo(200);
            }
            try (Roster second = Roster.start(config)) {
                assertThat(second.generatedToken()).isNull();
                assertThat(new ScimClient(second.port(), token).get("/Users").status()).isEqualTo(200);
            }
            if (!database.isPostgres()) {
                byte[] file = Files.readAllBytes(database.sqliteFile());
                assertThat(new String(file, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(token);
            }
        } finally {
            TestDatabase.drop(database);
        }
    }
}
