package dev.roster.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database with no room left refuses writes with 507 and a SCIM Error, keeps every write it acknowledged, still
 * answers reads, and takes writes again once there is room, without a restart. The full disk is stood in for by
 * SQLite's page limit on the writer's connection, and on PostgreSQL by a trigger raising its disk_full error.
 */
class StorageFullTest {
    private static final String TITLE = "t".repeat(6_000);

    @Test
    void aFullDatabaseRefusesWritesWith507AndLosesNothing() throws Exception {
        try (CapturedLog log = new CapturedLog(); TestServer server = TestServer.start()) {
            ScimClient scim = server.client();
            String before = scim.post("/Users", user("before")).json().get("id").asText();
            fill(server);

            List<String> acknowledged = new ArrayList<>();
            ScimClient.Response refused = null;
            for (int i = 0; i < 500 && refused == null; i++) {
                ScimClient.Response r = scim.post("/Users", user("u" + i));
                if (r.status() == 201) acknowledged.add(r.json().get("id").asText());
                else refused = r;
            }
            assertThat(refused).as("a write refused once the database is full").isNotNull();
            assertThat(refused.status()).as(refused.toString()).isEqualTo(507);
            JsonNode error = refused.json();
            assertThat(error.get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
            assertThat(error.get("status").asText()).isEqualTo("507");
            assertThat(error.get("detail").asText()).contains("no room left").contains("not stored");
            assertThat(refused.text()).doesNotContain("Exception").doesNotContain("SQLITE");
            // Another kind of write is refused alike, and reads go on.
            fill(server);
            assertThat(scim.patch("/Users/" + before, "{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                    + "'Operations':[{'op':'replace','path':'title','value':'" + TITLE.repeat(40) + "'}]}").status()).isEqualTo(507);
            assertThat(scim.get("/Users/" + before).status()).isEqualTo(200);

            assertThat(log.events()).anySatisfy(e -> {
                assertThat(e.getFormattedMessage()).contains("no room left").contains("answered 507");
                assertThat(e.getThrowableProxy()).isNull();
            });
            // Two writes were refused, and an IdP would retry them: one such line a minute.
            assertThat(log.events()).filteredOn(e -> e.getFormattedMessage().contains("no room left")).hasSize(1);
            assertThat(log.events()).noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains(TestServer.TOKEN));

            makeRoom(server);
            String after = scim.post("/Users", user("after")).json().get("id").asText();
            for (String id : acknowledged) assertThat(scim.get("/Users/" + id).status()).as(id).isEqualTo(200);
            JsonNode all = scim.get("/Users?count=0").json();
            // Every acknowledged user, the ones before and after, and no part of a refused one.
            assertThat(all.get("totalResults").asInt()).isEqualTo(acknowledged.size() + 2);
            assertThat(scim.get("/Users/" + after).json().get("title").asText()).isEqualTo(TITLE);
        }
    }

    private static String user(String name) {
        return "{'userName':'" + name + "@example.com','title':'" + TITLE + "'}";
    }

    /**
     * Leaves the database room for a few more users only. On SQLite the limit holds for the writer's connection,
     * which is replaced after a group that failed, so it is set again before each part of the test.
     */
    private static void fill(TestServer server) throws Exception {
        if (server.database().isPostgres()) {
            // From the fourth resource on, as a disk fills while writes go on.
            TestDatabase.execute(server.database(), "CREATE OR REPLACE FUNCTION no_room() RETURNS trigger LANGUAGE plpgsql AS "
                    + "'BEGIN IF (SELECT count(*) FROM resources) >= 4 THEN RAISE EXCEPTION ''could not extend file: No space "
                    + "left on device'' USING ERRCODE = ''disk_full''; END IF; RETURN NEW; END'");
            TestDatabase.execute(server.database(), "CREATE OR REPLACE TRIGGER no_room BEFORE INSERT OR UPDATE ON resources "
                    + "FOR EACH ROW EXECUTE FUNCTION no_room()");
            return;
        }
        server.write(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA page_count")) {
                rs.next();
                s.execute("PRAGMA max_page_count = " + (rs.getLong(1) + 40));
            }
            return null;
        });
    }

    private static void makeRoom(TestServer server) throws Exception {
        if (server.database().isPostgres()) {
            TestDatabase.execute(server.database(), "DROP TRIGGER no_room ON resources");
            return;
        }
        // A writer's connection that failed a group has been replaced, and the new one has no limit: either way.
        server.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA max_page_count = 1073741823");
            }
            return null;
        });
    }
}
