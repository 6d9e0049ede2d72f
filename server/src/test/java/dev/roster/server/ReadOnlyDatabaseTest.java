package dev.roster.server;

import org.junit.jupiter.api.Test;

import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A database connection that takes no writes, as one left on a PostgreSQL primary that a failover turned into a
 * standby does, is given up and the write runs again on a new one; a database that stays read-only answers 503.
 */
class ReadOnlyDatabaseTest {

    @Test
    void aConnectionThatTakesNoWritesIsReplacedAndTheWriteRunsAgain() throws Exception {
        // One connection: every write after it turned read-only would get it again, were it kept.
        try (CapturedLog log = new CapturedLog(); TestServer server = TestServer.startWithPoolSize(1)) {
            ScimClient scim = server.client();
            assertThat(scim.post("/Users", "{'userName':'before@example.com'}").status()).isEqualTo(201);
            server.write(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute(server.database().isPostgres() ? "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"
                            : "PRAGMA query_only = 1");
                }
                return null;
            });
            for (int i = 0; i < 3; i++) {
                ScimClient.Response r = scim.post("/Users", "{'userName':'after" + i + "@example.com'}");
                assertThat(r.status()).as(r.toString()).isEqualTo(201);
            }
            assertThat(scim.get("/Users?count=0").json().get("totalResults").asInt()).isEqualTo(4);
            assertThat(log.events()).noneSatisfy(e -> assertThat(e.getLevel().toString()).isEqualTo("ERROR"));
        }
    }

    @Test
    void aDatabaseThatStaysReadOnlyAnswers503() throws Exception {
        assumeTrue(TestDatabase.isPostgres(), "a PostgreSQL standby; runs in the PostgreSQL half of the suite");
        try (TestServer server = TestServer.start()) {
            ScimClient scim = server.client();
            String id = scim.post("/Users", "{'userName':'kept@example.com'}").json().get("id").asText();
            // Every connection reaches a standby, as while the failover's new primary is not yet reachable.
            TestDatabase.execute(server.database(), "CREATE FUNCTION standby() RETURNS trigger LANGUAGE plpgsql AS "
                    + "'BEGIN RAISE EXCEPTION ''cannot execute INSERT in a read-only transaction'' "
                    + "USING ERRCODE = ''read_only_sql_transaction''; END'");
            TestDatabase.execute(server.database(), "CREATE TRIGGER standby BEFORE INSERT OR UPDATE ON resources "
                    + "FOR EACH ROW EXECUTE FUNCTION standby()");
            ScimClient.Response refused = scim.post("/Users", "{'userName':'refused@example.com'}");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotNull();
            assertThat(refused.json().get("detail").asText()).doesNotContain("kept changing");
            assertThat(scim.get("/Users/" + id).status()).isEqualTo(200);

            TestDatabase.execute(server.database(), "DROP TRIGGER standby ON resources");
            assertThat(scim.post("/Users", "{'userName':'refused@example.com'}").status()).isEqualTo(201);
        }
    }
}
