package dev.roster.server;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Time limits a PostgreSQL administrator sets for Roster's role ({@code lock_timeout}, {@code statement_timeout})
 * stop a request's statement while, say, a migration holds a lock on its table. The client gets 503 with
 * Retry-After rather than an internal error, the operator one WARN line naming the limit, and requests succeed
 * again once the lock is gone.
 */
class DatabaseTimeLimitTest {

    @Test
    void aStatementTheDatabaseStopsAtItsTimeLimitAnswers503() throws Exception {
        assumeTrue(TestDatabase.isPostgres(), "PostgreSQL's lock_timeout and statement_timeout; runs in the PostgreSQL half of the suite");
        // One connection, so the limits set on it below are the ones every request meets.
        try (CapturedLog log = new CapturedLog(); TestServer server = TestServer.startWithPoolSize(1)) {
            ScimClient scim = server.client();
            String id = scim.post("/Users", "{'userName':'kept@example.com'}").json().get("id").asText();
            // As `ALTER ROLE roster SET lock_timeout = '300ms'` would set it for every new connection.
            session(server, "SET lock_timeout = '300ms'");

            try (Connection dba = DriverManager.getConnection(server.database().url())) {
                dba.setAutoCommit(false);
                try (Statement s = dba.createStatement()) {
                    s.execute("LOCK TABLE resources IN ACCESS EXCLUSIVE MODE");
                }
                assertUnavailable(scim.post("/Users", "{'userName':'refused@example.com'}"));
                assertUnavailable(scim.patch("/Users/" + id, "{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                        + "'Operations':[{'op':'replace','path':'active','value':false}]}"));
                assertUnavailable(scim.get("/Users/" + id));
                assertUnavailable(scim.get("/Users?filter=" + ScimClient.q("userName eq \"kept@example.com\"")));

                // The other limit: the statement waits for the lock until statement_timeout cancels it.
                session(server, "SET lock_timeout = 0; SET statement_timeout = '300ms'");
                assertUnavailable(scim.post("/Users", "{'userName':'refused@example.com'}"));
                assertUnavailable(scim.get("/Users/" + id));
                // A list has a time limit of its own (--query-timeout, 10 s here); the database's, shorter, is not it.
                assertUnavailable(scim.get("/Users?filter=" + ScimClient.q("userName eq \"kept@example.com\"")));
                dba.rollback();
            }

            assertThat(scim.post("/Users", "{'userName':'refused@example.com'}").status()).isEqualTo(201);
            assertThat(scim.get("/Users/" + id).json().get("active")).isNull();
            assertThat(log.events()).anySatisfy(e -> {
                assertThat(e.getLevel().toString()).isEqualTo("WARN");
                assertThat(e.getFormattedMessage()).contains("lock_timeout").contains("answered 503");
                assertThat(e.getThrowableProxy()).isNull();
            });
            assertThat(log.events()).anySatisfy(e ->
                    assertThat(e.getFormattedMessage()).contains("statement_timeout").contains("answered 503"));
            assertThat(log.events()).noneSatisfy(e -> assertThat(e.getLevel().toString()).isEqualTo("ERROR"));
        }
    }

    private static void assertUnavailable(ScimClient.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isNotNull();
        assertThat(r.json().get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(r.json().get("detail").asText()).contains("time limit").doesNotContain("incident");
    }

    /** Sets session settings on the server's one pooled connection; they outlive the transaction that set them. */
    private static void session(TestServer server, String sql) {
        server.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
            return null;
        });
    }
}
