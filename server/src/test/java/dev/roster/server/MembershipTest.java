package dev.roster.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static dev.roster.server.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/** Memberships are rows of their own: both directions read them, and deletes clean them up. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MembershipTest {
    private final TestServer server = TestServer.start();
    private final ScimClient scim = server.client();

    @AfterAll
    void stop() { server.close(); }

    private String user(String name) {
        return scim.post("/Users", "{'userName':'" + name + "'}").json().get("id").asText();
    }

    private List<String> members(String group) {
        List<String> ids = new ArrayList<>();
        scim.get("/Groups/" + group).json().path("members").forEach(m -> ids.add(m.get("value").asText()));
        return ids;
    }

    @Test
    void aMemberChangeAnswersTheVersionAndMetaThatAReadThenFinds() {
        String ann = user("ann.version@example.com");
        String ben = user("ben.version@example.com");
        String group = scim.post("/Groups", "{'displayName':'Versions'}").json().get("id").asText();
        String add = "{'Operations':[{'op':'add','path':'members','value':[{'value':'" + ann + "'}]}]}";
        String renameAndAdd = "{'Operations':[{'op':'replace','path':'displayName','value':'Versions 2'},"
                + "{'op':'add','path':'members','value':[{'value':'" + ben + "'}]}]}";
        String remove = "{'Operations':[{'op':'remove','path':'members[value eq \"" + ann + "\"]'}]}";

        String before = scim.get("/Groups/" + group).header("ETag");
        ScimClient.Response added = scim.patch("/Groups/" + group, add);
        assertThat(added.status()).isEqualTo(204);
        ScimClient.Response read = scim.get("/Groups/" + group);
        assertThat(added.header("ETag")).isEqualTo(read.header("ETag")).isNotEqualTo(before);

        // A document change and a member change in one PATCH make one new version, not two.
        ScimClient.Response both = scim.patch("/Groups/" + group + "?attributes=displayName,members,meta", renameAndAdd);
        assertThat(both.status()).isEqualTo(200);
        JsonNode afterBoth = scim.get("/Groups/" + group).json();
        assertThat(both.json().get("meta")).isEqualTo(afterBoth.get("meta"));
        assertThat(version(afterBoth)).isEqualTo(version(read.json()) + 1);
        assertThat(both.json().get("members")).isEqualTo(afterBoth.get("members"));

        ScimClient.Response removed = scim.patch("/Groups/" + group + "?excludedAttributes=members", remove);
        JsonNode afterRemove = scim.get("/Groups/" + group).json();
        assertThat(removed.json().get("meta")).isEqualTo(afterRemove.get("meta"));
        assertThat(removed.header("ETag")).isEqualTo(afterRemove.at("/meta/version").asText());
        assertThat(members(group)).containsExactly(ben);

        // Removing a member that is not there changes nothing, and says so with the same version.
        ScimClient.Response again = scim.patch("/Groups/" + group, remove);
        assertThat(again.header("ETag")).isEqualTo(afterRemove.at("/meta/version").asText());
    }

    @Test
    void aMemberChangeWithIfMatchAppliesOnlyToTheVersionItNames() {
        String eve = user("eve.ifmatch@example.com");
        String fay = user("fay.ifmatch@example.com");
        String group = scim.post("/Groups", "{'displayName':'Preconditions'}").json().get("id").asText();
        String addEve = "{'Operations':[{'op':'add','path':'members','value':[{'value':'" + eve + "'}]}]}";
        String removeFay = "{'Operations':[{'op':'remove','path':'members[value eq \"" + fay + "\"]'}]}";
        String etag = scim.get("/Groups/" + group).header("ETag");

        ScimClient.Response added = scim.patch("/Groups/" + group, addEve, "If-Match", etag);
        assertThat(added.status()).isEqualTo(204);
        assertThat(added.header("ETag")).isEqualTo(scim.get("/Groups/" + group).header("ETag")).isNotEqualTo(etag);

        // The version named is no longer current: nothing changes, neither the members nor the version.
        String current = added.header("ETag");
        ScimClient.Response stale = scim.patch("/Groups/" + group,
                "{'Operations':[{'op':'add','path':'members','value':[{'value':'" + fay + "'}]}]}", "If-Match", etag);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(members(group)).containsExactly(eve);
        assertThat(scim.get("/Groups/" + group).header("ETag")).isEqualTo(current);

        // A change that finds nothing to do keeps the version, and still honours the precondition.
        assertThat(scim.patch("/Groups/" + group, removeFay, "If-Match", etag).status()).isEqualTo(412);
        ScimClient.Response noop = scim.patch("/Groups/" + group, removeFay, "If-Match", current);
        assertThat(noop.status()).isEqualTo(204);
        assertThat(noop.header("ETag")).isEqualTo(current);
    }

    @Test
    void aWriteToAUserAnswersItsGroupsAsAReadShowsThem() {
        String dana = user("dana.writes@example.com");
        for (String name : List.of("Writers B", "Writers A")) {
            scim.post("/Groups", "{'displayName':'" + name + "','members':[{'value':'" + dana + "'}]}");
        }
        ScimClient.Response patched = scim.patch("/Users/" + dana,
                "{'Operations':[{'op':'replace','value':{'active':false,'title':'Editor'}}]}");
        JsonNode read = scim.get("/Users/" + dana).json();
        assertThat(read.get("groups")).hasSize(2);
        assertThat(patched.json().get("groups")).isEqualTo(read.get("groups"));
        assertThat(patched.json().get("meta")).isEqualTo(read.get("meta"));

        ScimClient.Response replaced = scim.put("/Users/" + dana, "{'userName':'dana.writes@example.com','title':'Author'}");
        read = scim.get("/Users/" + dana).json();
        assertThat(replaced.json().get("groups")).isEqualTo(read.get("groups")).hasSize(2);
        assertThat(replaced.json().get("meta")).isEqualTo(read.get("meta"));
        assertThat(scim.put("/Users/" + dana + "?excludedAttributes=groups", "{'userName':'dana.writes@example.com'}").json().has("groups"))
                .isFalse();

        // A user created just now is in no group, and says so with an empty list.
        JsonNode created = scim.post("/Users", "{'userName':'new.writes@example.com'}").json();
        assertThat(created.get("groups")).isEmpty();
        assertThat(scim.post("/Users?attributes=userName", "{'userName':'newer.writes@example.com'}").json().has("groups")).isFalse();
    }

    private static long version(JsonNode resource) {
        return Long.parseLong(resource.at("/meta/version").asText().replaceAll("[^0-9]", ""));
    }

    @Test
    void deletingAUserRemovesItFromItsGroupsAndMovesTheirVersion() {
        String alice = user("alice@example.com");
        String bob = user("bob@example.com");
        String group = scim.post("/Groups", "{'displayName':'Deletions','members':[{'value':'" + alice + "'},{'value':'" + bob + "'}]}")
                .json().get("id").asText();
        String before = scim.get("/Groups/" + group).json().at("/meta/version").asText();
        assertThat(scim.delete("/Users/" + alice).status()).isEqualTo(204);
        assertThat(members(group)).containsExactly(bob);
        assertThat(scim.get("/Groups/" + group).json().at("/meta/version").asText()).isNotEqualTo(before);
    }

    @Test
    void aRefusedDeleteLeavesTheGroupsOfWhatItNamedAsTheyWere() {
        String carol = user("refused.carol@example.com");
        String inner = scim.post("/Groups", "{'displayName':'Refused Inner','members':[{'value':'" + carol + "'}]}").json().get("id").asText();
        String outer = scim.post("/Groups", "{'displayName':'Refused Outer','members':[{'value':'" + carol + "'},{'value':'" + inner + "'}]}")
                .json().get("id").asText();
        String innerVersion = scim.get("/Groups/" + inner).header("ETag");
        String outerVersion = scim.get("/Groups/" + outer).header("ETag");

        // A stale If-Match, and a group's id at the Users endpoint: each refused, each changing nothing.
        assertThat(scim.delete("/Users/" + carol, "If-Match", "W/\"999\"").status()).isEqualTo(412);
        assertThat(scim.delete("/Users/" + inner).status()).isEqualTo(404);

        assertThat(scim.get("/Groups/" + inner).header("ETag")).isEqualTo(innerVersion);
        assertThat(scim.get("/Groups/" + outer).header("ETag")).isEqualTo(outerVersion);
        assertThat(members(outer)).containsExactlyInAnyOrder(carol, inner);
        assertThat(scim.get("/Users/" + carol).status()).isEqualTo(200);
    }

    @Test
    void aUserReadAloneOrListedShowsTheSameGroupsInTheOrderTheyWereCreated() {
        String grace = user("grace@example.com");
        String loner = user("loner@example.com");
        List<String> groups = new ArrayList<>();
        for (String name : List.of("Zeta", "Alpha", "Mid")) {
            groups.add(scim.post("/Groups", "{'displayName':'" + name + "','members':[{'value':'" + grace + "'}]}")
                    .json().get("id").asText());
        }
        JsonNode alone = scim.get("/Users/" + grace).json();
        List<String> seen = new ArrayList<>();
        alone.get("groups").forEach(g -> seen.add(g.get("value").asText()));
        assertThat(seen).containsExactlyElementsOf(groups);
        assertThat(alone.at("/groups/1/display").asText()).isEqualTo("Alpha");
        assertThat(alone.at("/groups/1/$ref").asText()).endsWith("/Groups/" + groups.get(1));
        JsonNode listed = scim.get("/Users?filter=" + q("userName eq \"grace@example.com\"")).json().at("/Resources/0");
        assertThat(listed.get("groups")).isEqualTo(alone.get("groups"));

        assertThat(scim.get("/Users/" + loner).json().get("groups")).isEmpty();
        assertThat(scim.get("/Users/" + grace + "?excludedAttributes=groups").json().has("groups")).isFalse();
        assertThat(scim.get("/Users/" + groups.get(0)).status()).isEqualTo(404);
    }

    @Test
    void groupsCanContainGroupsButNotThemselves() {
        String inner = scim.post("/Groups", "{'displayName':'Inner'}").json().get("id").asText();
        String outer = scim.post("/Groups", "{'displayName':'Outer','members':[{'value':'" + inner + "','type':'Group'}]}")
                .json().get("id").asText();
        JsonNode member = scim.get("/Groups/" + outer).json().at("/members/0");
        assertThat(member.get("type").asText()).isEqualTo("Group");
        assertThat(member.get("$ref").asText()).endsWith("/Groups/" + inner);
        assertThat(member.get("display").asText()).isEqualTo("Inner");
        assertThat(scim.patch("/Groups/" + outer, "{'Operations':[{'op':'add','path':'members','value':[{'value':'" + outer + "'}]}]}")
                .status()).isEqualTo(400);
        assertThat(scim.patch("/Groups/" + outer, "{'Operations':[{'op':'add','path':'members','value':[{'value':'" + inner
                + "','type':'User'}]}]}").json().get("scimType").asText()).isEqualTo("invalidValue");
    }

    @Test
    void entraAndJumpCloudShapesOfMemberRemoval() {
        String a = user("carol@example.com");
        String b = user("dave@example.com");
        String c = user("erin@example.com");
        String group = scim.post("/Groups", "{'displayName':'Shapes','members':[{'value':'" + a + "'},{'value':'" + b + "'},{'value':'"
                + c + "'}]}").json().get("id").asText();
        assertThat(scim.patch("/Groups/" + group, "{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                + "'Operations':[{'op':'Remove','path':'members','value':[{'value':'" + a + "'}]}]}").status()).isEqualTo(204);
        assertThat(members(group)).containsExactlyInAnyOrder(b, c);
        assertThat(scim.patch("/Groups/" + group, "{'Operations':[{'op':'remove','path':'members[value eq \"" + b + "\" or value eq \""
                + c + "\"]'}]}").status()).isEqualTo(204);
        assertThat(members(group)).isEmpty();
        // Re-adding and removing a member that is not there are both fine: IdPs retry and re-assert.
        String addA = "{'Operations':[{'op':'Add','path':'members','value':[{'value':'" + a + "'}]}]}";
        assertThat(scim.patch("/Groups/" + group, addA).status()).isEqualTo(204);
        assertThat(scim.patch("/Groups/" + group, addA).status()).isEqualTo(204);
        assertThat(scim.patch("/Groups/" + group, "{'Operations':[{'op':'remove','path':'members[value eq \"" + b + "\"]'}]}")
                .status()).isEqualTo(204);
        assertThat(members(group)).containsExactly(a);
        // A member filter other than value eq still removes exactly what it selects.
        assertThat(scim.patch("/Groups/" + group, "{'Operations':[{'op':'remove','path':'members[display sw \"CAROL\"]'}]}")
                .status()).isEqualTo(204);
        assertThat(members(group)).isEmpty();
    }

    @Test
    void groupFiltersOnMembersAndUsersOnGroups() {
        String f = user("frank@example.com");
        String g1 = scim.post("/Groups", "{'displayName':'Filters One','members':[{'value':'" + f + "'}]}").json().get("id").asText();
        scim.post("/Groups", "{'displayName':'Filters Two'}");
        JsonNode byMember = scim.get("/Groups?filter=" + q("members.value eq \"" + f + "\"")).json();
        assertThat(byMember.get("totalResults").asInt()).isEqualTo(1);
        assertThat(byMember.at("/Resources/0/id").asText()).isEqualTo(g1);
        JsonNode byGroup = scim.get("/Users?filter=" + q("groups eq \"" + g1 + "\"")).json();
        assertThat(byGroup.at("/Resources/0/id").asText()).isEqualTo(f);
    }

    @Test
    void excludedMembersAreLeftOutOfListsAndReads() {
        String u = user("gina@example.com");
        String group = scim.post("/Groups", "{'displayName':'Excluded','members':[{'value':'" + u + "'}]}").json().get("id").asText();
        assertThat(scim.get("/Groups/" + group + "?excludedAttributes=members").json().has("members")).isFalse();
        JsonNode list = scim.get("/Groups?excludedAttributes=members&filter=" + q("displayName eq \"Excluded\"")).json();
        assertThat(list.at("/Resources/0").has("members")).isFalse();
        assertThat(list.at("/Resources/0/displayName").asText()).isEqualTo("Excluded");
        JsonNode idsOnly = scim.get("/Groups/" + group + "?attributes=id").json();
        assertThat(idsOnly.has("members")).isFalse();
        assertThat(idsOnly.has("displayName")).isFalse();
        assertThat(idsOnly.get("id").asText()).isEqualTo(group);
    }

    @Test
    void membersAndGroupsAreShownWholeOrPickedAsAsked() {
        String ann = scim.post("/Users", "{'userName':'pick.ann','displayName':'Ann Pick'}").json().get("id").asText();
        String inner = scim.post("/Groups", "{'displayName':'Pick inner'}").json().get("id").asText();
        String group = scim.post("/Groups", "{'displayName':'Pick outer','members':[{'value':'" + ann + "'},{'value':'" + inner + "'}]}")
                .json().get("id").asText();
        String core = "urn:ietf:params:scim:schemas:core:2.0:Group:";

        // Whole, however it is asked for: every sub-attribute of each member, in order.
        for (String query : List.of("", "?attributes=members", "?attributes=displayName,members", "?excludedAttributes=meta")) {
            JsonNode members = scim.get("/Groups/" + group + query).json().get("members");
            assertThat(members).as(query).hasSize(2);
            JsonNode first = members.get(0);
            assertThat(first.get("value").asText()).isEqualTo(ann);
            assertThat(first.get("$ref").asText()).endsWith("/scim/v2/Users/" + ann);
            assertThat(first.get("display").asText()).isEqualTo("Ann Pick");
            assertThat(first.get("type").asText()).isEqualTo("User");
            assertThat(members.get(1).get("$ref").asText()).endsWith("/scim/v2/Groups/" + inner);
            assertThat(members.get(1).get("type").asText()).isEqualTo("Group");
        }
        // Picked: only what is asked for, or all but what is excluded, on reads and in lists.
        JsonNode values = scim.get("/Groups/" + group + "?attributes=members.value").json().get("members");
        assertThat(values).hasSize(2);
        values.forEach(m -> assertThat(m.size()).isEqualTo(1));
        assertThat(values.get(0).get("value").asText()).isEqualTo(ann);
        JsonNode qualified = scim.get("/Groups/" + group + "?attributes=" + q(core + "members.type")).json().get("members");
        assertThat(qualified.get(1).toString()).isEqualTo("{\"type\":\"Group\"}");
        JsonNode withoutDisplay = scim.get("/Groups?filter=" + q("displayName eq \"Pick outer\"") + "&excludedAttributes=members.display")
                .json().at("/Resources/0/members");
        assertThat(withoutDisplay).hasSize(2);
        withoutDisplay.forEach(m -> assertThat(m.has("display")).isFalse());
        assertThat(withoutDisplay.get(0).has("$ref")).isTrue();

        // A user's groups the same way.
        JsonNode groups = scim.get("/Users/" + ann).json().get("groups");
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).get("display").asText()).isEqualTo("Pick outer");
        assertThat(groups.get(0).get("type").asText()).isEqualTo("direct");
        JsonNode displays = scim.get("/Users/" + ann + "?attributes=groups.display").json().get("groups");
        assertThat(displays.get(0).toString()).isEqualTo("{\"display\":\"Pick outer\"}");
    }

    // More members than PostgreSQL sends in one fetch of the cursor they stream through (1,000).
    private static final int LARGE = 1_500;
    private String largeGroup;
    private List<String> largeMembers;

    /** A group of {@link #LARGE} users, made once, and its members in the order they were added to the directory. */
    private String largeGroup() throws Exception {
        if (largeGroup != null) return largeGroup;
        List<Callable<String>> creates = new ArrayList<>();
        for (int i = 0; i < LARGE; i++) {
            String name = "stream." + i + "@example.com";
            creates.add(() -> user(name));
        }
        Parallel.run(creates);
        // Created in parallel: the directory's order is the order they committed in, which a listing shows.
        largeMembers = new ArrayList<>();
        for (int start = 1; start <= LARGE; start += 1000) {
            scim.get("/Users?count=1000&startIndex=" + start + "&filter=" + q("userName sw \"stream.\""))
                    .json().get("Resources").forEach(u -> largeMembers.add(u.get("id").asText()));
        }
        assertThat(largeMembers).hasSize(LARGE);
        StringBuilder body = new StringBuilder("{'displayName':'Stream large','members':[");
        for (int i = 0; i < LARGE; i++) body.append(i == 0 ? "" : ",").append("{'value':'").append(largeMembers.get(i)).append("'}");
        JsonNode created = scim.post("/Groups", body.append("]}").toString()).json();
        assertThat(values(created.get("members"))).isEqualTo(largeMembers);
        largeGroup = created.get("id").asText();
        return largeGroup;
    }

    private static List<String> values(JsonNode members) {
        List<String> ids = new ArrayList<>();
        members.forEach(m -> ids.add(m.get("value").asText()));
        return ids;
    }

    @Test
    void aLargeGroupIsListedWholeAndInOrderByReadsListsAndSearches() throws Exception {
        String large = largeGroup();
        String first = largeMembers.get(0);
        String small = scim.post("/Groups", "{'displayName':'Stream small','members':[{'value':'" + first + "'}]}")
                .json().get("id").asText();

        JsonNode read = scim.get("/Groups/" + large).json();
        assertThat(values(read.get("members"))).isEqualTo(largeMembers);
        JsonNode firstMember = read.get("members").get(0);
        assertThat(firstMember.get("display").asText()).isEqualTo(scim.get("/Users/" + first).json().get("userName").asText());
        assertThat(firstMember.get("$ref").asText()).endsWith("/scim/v2/Users/" + first);
        assertThat(firstMember.get("type").asText()).isEqualTo("User");
        assertThat(read.at("/meta/version").asText()).isEqualTo(scim.get("/Groups/" + large).header("ETag"));

        String filter = q("displayName sw \"Stream \"");
        List<JsonNode> pages = List.of(
                scim.get("/Groups?filter=" + filter + "&sortBy=displayName").json(),
                scim.get("/Groups?filter=" + filter + "&sortBy=displayName&cursor").json(),
                scim.post("/Groups/.search", "{'filter':'displayName sw \"Stream \"','sortBy':'displayName'}").json());
        for (JsonNode page : pages) {
            assertThat(page.get("totalResults").asInt()).as(page.toString().substring(0, 200)).isEqualTo(2);
            assertThat(page.at("/Resources/0/id").asText()).isEqualTo(large);
            assertThat(values(page.at("/Resources/0/members"))).isEqualTo(largeMembers);
            assertThat(page.at("/Resources/1/id").asText()).isEqualTo(small);
            assertThat(values(page.at("/Resources/1/members"))).containsExactly(first);
        }
        // The root search lists every resource type: the users first, then the groups with their members.
        JsonNode all = scim.post("/.search", "{'filter':'displayName sw \"Stream \"'}").json();
        assertThat(all.get("totalResults").asInt()).isEqualTo(2);
        List<String> listed = new ArrayList<>();
        all.get("Resources").forEach(r -> listed.add(r.get("id").asText()));
        assertThat(listed).containsExactlyInAnyOrder(large, small);
        all.get("Resources").forEach(r -> assertThat(values(r.get("members"))).isEqualTo(r.get("id").asText().equals(large)
                ? largeMembers : List.of(first)));

        // A write that asks for its members answers them all, with the version it wrote.
        ScimClient.Response renamed = scim.patch("/Groups/" + large + "?attributes=members,meta",
                "{'Operations':[{'op':'replace','path':'displayName','value':'Stream large'}," +
                "{'op':'add','path':'members','value':[{'value':'" + first + "'}]}]}");
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(values(renamed.json().get("members"))).isEqualTo(largeMembers);
        assertThat(renamed.json().at("/meta/version").asText()).isEqualTo(renamed.header("ETag"));

        // Picked sub-attributes stream the same members.
        JsonNode picked = scim.get("/Groups/" + large + "?attributes=members.value").json().get("members");
        assertThat(values(picked)).isEqualTo(largeMembers);
        picked.forEach(m -> assertThat(m.size()).isEqualTo(1));
    }

    /** A member filter other than value equality, on a group larger than one fetch of its members, removes exactly what it selects. */
    @Test
    void aMemberFilterRemovesExactlyTheMembersItSelectsFromALargeGroup() throws Exception {
        largeGroup();
        StringBuilder body = new StringBuilder("{'displayName':'Filtered large','members':[");
        for (int i = 0; i < LARGE; i++) body.append(i == 0 ? "" : ",").append("{'value':'").append(largeMembers.get(i)).append("'}");
        String group = scim.post("/Groups?excludedAttributes=members", body.append("]}").toString()).json().get("id").asText();
        Map<String, String> names = new HashMap<>();
        for (int start = 1; start <= LARGE; start += 1000) {
            scim.get("/Users?count=1000&startIndex=" + start + "&attributes=userName&filter=" + q("userName sw \"stream.\""))
                    .json().get("Resources").forEach(u -> names.put(u.get("id").asText(), u.get("userName").asText()));
        }

        assertThat(scim.patch("/Groups/" + group, "{'Operations':[{'op':'remove','path':'members[display ew \"7@EXAMPLE.COM\"]'}]}")
                .status()).isEqualTo(204);
        List<String> kept = largeMembers.stream().filter(id -> !names.get(id).endsWith("7@example.com")).toList();
        assertThat(kept).hasSizeBetween(LARGE * 8 / 10, LARGE * 95 / 100);
        assertThat(members(group)).isEqualTo(kept);

        assertThat(scim.patch("/Groups/" + group, "{'Operations':[{'op':'remove','path':'members[type eq \"User\" and not (display sw \"stream.1\")]'}]}")
                .status()).isEqualTo(204);
        assertThat(members(group)).isEqualTo(kept.stream().filter(id -> names.get(id).startsWith("stream.1")).toList()).isNotEmpty();
    }

    /** A HEAD of a group, or of a list of groups, answers what the GET would, without a body. */
    @Test
    void aHeadOfGroupsAnswersTheGetsStatusAndHeaders() throws Exception {
        String large = largeGroup();
        ScimClient.Response get = scim.get("/Groups/" + large);
        ScimClient.Response head = scim.send("HEAD", "/Groups/" + large, null);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.text()).isEmpty();
        assertThat(head.header("ETag")).isEqualTo(get.header("ETag")).isNotNull();
        assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
        for (String path : List.of("/Groups/" + large + "?attributes=members", "/Groups?attributes=members",
                "/Groups?filter=" + q("displayName sw \"Stream\""), "/Groups?excludedAttributes=displayName")) {
            assertThat(scim.send("HEAD", path, null).status()).as(path).isEqualTo(scim.get(path).status()).isEqualTo(200);
        }
        for (String path : List.of("/Groups/" + large + "?attributes=members&excludedAttributes=id",
                "/Groups?attributes=members&excludedAttributes=id", "/Groups?filter=" + q("members eq"))) {
            assertThat(scim.send("HEAD", path, null).status()).as(path).isEqualTo(scim.get(path).status()).isEqualTo(400);
        }
        assertThat(scim.send("HEAD", "/Groups/not-a-group", null).status()).isEqualTo(404);
    }

    /**
     * A client that reads the start of a long member listing and hangs up frees what the answer held (its
     * database connection, its turn among member listings): more of them than the pool has connections, and
     * the server still answers.
     */
    @Test
    void clientsLeavingAMemberListingEarlyLeaveTheServerAnswering() throws Exception {
        String large = largeGroup();
        String request = "GET /scim/v2/Groups/" + large + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + TestServer.TOKEN + "\r\n\r\n";
        for (int i = 0; i < 24; i++) {
            try (Socket socket = new Socket("127.0.0.1", scim.port())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = socket.getInputStream();
                byte[] start = in.readNBytes(64);
                assertThat(new String(start, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
                socket.setSoLinger(true, 0); // a reset, as a client that gives up sends
            }
        }
        assertThat(values(scim.get("/Groups/" + large).json().get("members"))).isEqualTo(largeMembers);
        assertThat(scim.post("/Users", "{'userName':'after.the.hangups'}").status()).isEqualTo(201);
    }
}
