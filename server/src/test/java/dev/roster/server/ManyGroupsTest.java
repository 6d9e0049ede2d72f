package dev.roster.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.server.store.MembershipStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static dev.roster.server.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user in more groups than a read takes into memory ({@link MembershipStore#GROUPS_IN_MEMORY}) is answered whole
 * by every request that shows its groups, in the same order as a user in a few: the groups then stream from the
 * database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManyGroupsTest {
    private static final int MANY = MembershipStore.GROUPS_IN_MEMORY + 1;

    private final TestServer server = TestServer.start();
    private final ScimClient scim = server.client();
    private String many;
    private String few;
    private List<String> manyGroups;
    private List<String> fewGroups;

    @BeforeAll
    void inManyGroups() throws Exception {
        many = user("in.many.groups@example.com");
        few = user("in.few.groups@example.com");
        createGroups(0, 1000);
        if (TestDatabase.isPostgres()) {
            // What autovacuum's analyze would do (test machines run without it): the plans made while the tables
            // were nearly empty scan them, and would make the rest of the groups take minutes.
            TestDatabase.execute(server.database(), "ANALYZE resources, memberships");
        }
        createGroups(1000, MANY);
        // Created in parallel: a user's groups are in the order the groups committed in, which a listing shows.
        manyGroups = new ArrayList<>();
        fewGroups = new ArrayList<>();
        for (int start = 1; start <= MANY; start += 1000) {
            scim.get("/Groups?count=1000&startIndex=" + start + "&filter=" + q("displayName sw \"Many \""))
                    .json().get("Resources").forEach(g -> {
                        manyGroups.add(g.get("id").asText());
                        int number = Integer.parseInt(g.get("displayName").asText().substring("Many ".length()));
                        if (number % 5000 == 0) fewGroups.add(g.get("id").asText());
                    });
        }
        assertThat(manyGroups).hasSize(MANY);
        assertThat(fewGroups).hasSize(5);
    }

    private void createGroups(int from, int to) throws Exception {
        List<Callable<Void>> creates = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String members = i % 5000 == 0 ? "[{'value':'" + many + "'},{'value':'" + few + "'}]" : "[{'value':'" + many + "'}]";
            String body = "{'displayName':'Many " + i + "','members':" + members + "}";
            creates.add(() -> {
                assertThat(scim.post("/Groups?excludedAttributes=members", body).status()).isEqualTo(201);
                return null;
            });
        }
        Parallel.run(creates);
    }

    @AfterAll
    void stop() { server.close(); }

    private String user(String name) {
        return scim.post("/Users", "{'userName':'" + name + "'}").json().get("id").asText();
    }

    private static List<String> values(JsonNode groups) {
        List<String> ids = new ArrayList<>();
        groups.forEach(g -> ids.add(g.get("value").asText()));
        return ids;
    }

    private void assertGroups(JsonNode user) {
        String id = user.get("id").asText();
        assertThat(values(user.get("groups"))).as(id).isEqualTo(id.equals(many) ? manyGroups : fewGroups);
    }

    @Test
    void readsAndListsShowEveryGroup() {
        JsonNode read = scim.get("/Users/" + many).json();
        assertGroups(read);
        JsonNode first = read.get("groups").get(0);
        assertThat(first.get("display").asText()).isEqualTo(scim.get("/Groups/" + manyGroups.get(0)).json().get("displayName").asText());
        assertThat(first.get("$ref").asText()).endsWith("/scim/v2/Groups/" + manyGroups.get(0));
        assertThat(first.get("type").asText()).isEqualTo("direct");
        assertGroups(scim.get("/Users/" + few).json());

        // Okta's lookup, then pages that hold both users: each user keeps its own groups.
        JsonNode lookup = scim.get("/Users?filter=" + q("userName eq \"IN.MANY.GROUPS@example.com\"")).json();
        assertThat(lookup.get("totalResults").asInt()).isEqualTo(1);
        assertGroups(lookup.at("/Resources/0"));
        String both = q("userName sw \"in.\"");
        List<JsonNode> pages = List.of(
                scim.get("/Users?filter=" + both + "&sortBy=userName").json(),
                scim.get("/Users?filter=" + both + "&sortBy=userName&sortOrder=descending").json(),
                scim.get("/Users?filter=" + both + "&cursor").json(),
                scim.post("/Users/.search", "{'filter':'userName sw \"in.\"'}").json(),
                scim.post("/.search", "{'filter':'userName sw \"in.\"'}").json());
        for (JsonNode page : pages) {
            assertThat(page.get("totalResults").asInt()).isEqualTo(2);
            assertThat(page.get("Resources")).hasSize(2);
            page.get("Resources").forEach(this::assertGroups);
        }
        JsonNode descending = pages.get(1);
        assertThat(descending.at("/Resources/0/id").asText()).isEqualTo(many);

        // Picked sub-attributes stream the same groups.
        JsonNode picked = scim.get("/Users/" + many + "?attributes=groups.value").json().get("groups");
        assertThat(values(picked)).isEqualTo(manyGroups);
        picked.forEach(g -> assertThat(g.size()).isEqualTo(1));
        assertThat(scim.get("/Users/" + many + "?excludedAttributes=groups").json().has("groups")).isFalse();
    }

    @Test
    void writesAnswerEveryGroupWithTheVersionTheyWrote() {
        ScimClient.Response deactivated = scim.patch("/Users/" + many,
                "{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':[{'op':'replace','value':{'active':false}}]}");
        assertThat(deactivated.status()).isEqualTo(200);
        assertThat(deactivated.json().get("active").asBoolean()).isFalse();
        assertGroups(deactivated.json());
        assertThat(deactivated.json().at("/meta/version").asText()).isEqualTo(deactivated.header("ETag"));

        ScimClient.Response replaced = scim.put("/Users/" + many,
                "{'userName':'in.many.groups@example.com','active':true,'displayName':'Many'}");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().get("displayName").asText()).isEqualTo("Many");
        assertGroups(replaced.json());
        assertThat(replaced.json().at("/meta/version").asText()).isEqualTo(replaced.header("ETag"))
                .isEqualTo(scim.get("/Users/" + many).header("ETag"));
    }

    // Last: the user the other tests read is gone after it.
    @Test
    @Order(Integer.MAX_VALUE)
    void deletingTheUserTakesItOutOfEveryGroupAndMovesEachVersion() {
        List<String> sample = List.of(manyGroups.get(0), fewGroups.get(2), manyGroups.get(MANY - 1));
        List<String> versions = new ArrayList<>();
        for (String g : sample) versions.add(scim.get("/Groups/" + g + "?excludedAttributes=members").header("ETag"));

        assertThat(scim.delete("/Users/" + many).status()).isEqualTo(204);

        assertThat(scim.get("/Users/" + many).status()).isEqualTo(404);
        for (int i = 0; i < sample.size(); i++) {
            JsonNode group = scim.get("/Groups/" + sample.get(i)).json();
            assertThat(values(group.path("members"))).as(sample.get(i)).doesNotContain(many);
            assertThat(group.at("/meta/version").asText()).as(sample.get(i)).isNotEqualTo(versions.get(i));
        }
        assertGroups(scim.get("/Users/" + few).json());
    }
}
