package dev.roster.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static dev.roster.server.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/** Sorting, cursor pagination (RFC 9865), POST /.search, and the filters IdPs send. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListingTest {
    private final TestServer server = TestServer.start();
    private final ScimClient scim = server.client();
    private final List<String> ids = new ArrayList<>();

    ListingTest() {
        String[][] people = {
                {"zoe@example.com", "Zoe", "Ops", "true"}, {"Adam@example.com", "adam", "Eng", "true"},
                {"bea@example.com", "Bea", "Eng", "false"}, {"carl@example.com", "carl", "Ops", "true"},
                {"dana@example.com", "Dana", "Sales", "false"}, {"eve@example.com", "Eve", "Eng", "true"},
                {"finn@example.com", "Finn", "Ops", "true"}};
        for (String[] p : people) {
            ScimClient.Response r = scim.post("/Users", "{'userName':'" + p[0] + "','displayName':'" + p[1] + "','active':" + p[3]
                    + ",'emails':[{'type':'work','value':'" + p[0] + "','primary':true}],"
                    + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'department':'" + p[2] + "'}}");
            ids.add(r.json().get("id").asText());
        }
        scim.post("/Groups", "{'displayName':'Everyone Eng','members':[{'value':'" + ids.get(1) + "'},{'value':'" + ids.get(2) + "'}]}");
    }

    @AfterAll
    void stop() { server.close(); }

    private List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.get("Resources").forEach(u -> out.add(u.get("displayName").asText()));
        return out;
    }

    @Test
    void sortingFollowsTheSchemasCaseRule() {
        assertThat(names(scim.get("/Users?sortBy=displayName").json()))
                .containsExactly("adam", "Bea", "carl", "Dana", "Eve", "Finn", "Zoe");
        assertThat(names(scim.get("/Users?sortBy=DISPLAYNAME&sortOrder=Descending&count=3").json()))
                .containsExactly("Zoe", "Finn", "Eve");
        assertThat(names(scim.get("/Users?sortBy=" + q("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department")
                + "&filter=" + q("active eq true")).json())).containsExactly("adam", "Eve", "Zoe", "carl", "Finn");
        assertThat(scim.get("/Users?sortBy=shoeSize").json().get("scimType").asText()).isEqualTo("invalidValue");
        assertThat(scim.get("/Users?sortBy=name").json().get("scimType").asText()).isEqualTo("invalidValue");
        assertThat(scim.get("/Users?sortBy=userName&sortOrder=sideways").status()).isEqualTo(400);
    }

    @Test
    void cursorsPageForwardAndBack() {
        JsonNode first = scim.get("/Users?sortBy=displayName&count=3&cursor=").json();
        assertThat(first.has("startIndex")).isFalse();
        assertThat(first.has("previousCursor")).isFalse();
        assertThat(first.get("totalResults").asInt()).isEqualTo(7);
        assertThat(names(first)).containsExactly("adam", "Bea", "carl");
        JsonNode second = scim.get("/Users?sortBy=displayName&count=3&cursor=" + q(first.get("nextCursor").asText())).json();
        assertThat(names(second)).containsExactly("Dana", "Eve", "Finn");
        JsonNode third = scim.get("/Users?sortBy=displayName&count=3&cursor=" + q(second.get("nextCursor").asText())).json();
        assertThat(names(third)).containsExactly("Zoe");
        assertThat(third.has("nextCursor")).isFalse();
        JsonNode back = scim.get("/Users?sortBy=displayName&count=3&cursor=" + q(third.get("previousCursor").asText())).json();
        assertThat(names(back)).containsExactly("Dana", "Eve", "Finn");
        JsonNode backAgain = scim.get("/Users?sortBy=displayName&count=3&cursor=" + q(back.get("previousCursor").asText())).json();
        assertThat(names(backAgain)).containsExactly("adam", "Bea", "carl");
        assertThat(backAgain.has("previousCursor")).isFalse();
    }

    @Test
    void cursorsSurviveWritesBetweenPages() {
        JsonNode first = scim.get("/Users?count=4&cursor=").json();
        String late = scim.post("/Users", "{'userName':'late@example.com','displayName':'Late'}").json().get("id").asText();
        try {
            JsonNode rest = scim.get("/Users?count=100&cursor=" + q(first.get("nextCursor").asText())).json();
            List<String> all = new ArrayList<>();
            first.get("Resources").forEach(u -> all.add(u.get("id").asText()));
            rest.get("Resources").forEach(u -> all.add(u.get("id").asText()));
            assertThat(all).doesNotHaveDuplicates().containsAll(ids).contains(late);
        } finally {
            scim.delete("/Users/" + late);
        }
    }

    @Test
    void badCursorsAreNamedErrors() throws Exception {
        assertThat(scim.get("/Users?cursor=not-a-cursor").json().get("scimType").asText()).isEqualTo("invalidCursor");
        String cursor = scim.get("/Users?count=2&cursor=").json().get("nextCursor").asText();
        assertThat(scim.get("/Users?count=2&sortBy=userName&cursor=" + q(cursor)).json().get("scimType").asText())
                .isEqualTo("invalidCursor");
        assertThat(scim.get("/Users?count=2&filter=" + q("active eq true") + "&cursor=" + q(cursor)).json().get("scimType").asText())
                .isEqualTo("invalidCursor");
        assertThat(scim.get("/Users?startIndex=2&cursor=" + q(cursor)).status()).isEqualTo(400);

        // The same cursor, issued two hours ago.
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode decoded = (ObjectNode) mapper.readTree(Base64.getUrlDecoder().decode(cursor));
        decoded.put("t", decoded.get("t").asLong() - 7200);
        String old = Base64.getUrlEncoder().withoutPadding().encodeToString(mapper.writeValueAsBytes(decoded));
        ScimClient.Response expired = scim.get("/Users?count=2&cursor=" + q(old));
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.json().get("scimType").asText()).isEqualTo("expiredCursor");
    }

    @Test
    void handMadeCursorKeysAreInvalidCursors() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        for (String sortBy : List.of("userName", "meta.created", "active")) {
            String page = "/Users?count=1&sortBy=" + sortBy + "&cursor=";
            String cursor = scim.get(page).json().get("nextCursor").asText();
            assertThat(scim.get(page + q(cursor)).status()).as(sortBy).isEqualTo(200);
            ObjectNode decoded = (ObjectNode) mapper.readTree(Base64.getUrlDecoder().decode(cursor));
            // Keys of another type than the attribute's, and a NUL no database column can compare with.
            for (JsonNode wrong : List.<JsonNode>of(mapper.valueToTree(5), mapper.valueToTree(1.5), mapper.valueToTree("a\u0000b"),
                    mapper.valueToTree(List.of("x")), mapper.valueToTree(sortBy.equals("active") ? "true" : true))) {
                decoded.set("k", wrong);
                String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(mapper.writeValueAsBytes(decoded));
                ScimClient.Response r = scim.get(page + q(forged));
                assertThat(r.status()).as(sortBy + " " + wrong).isEqualTo(400);
                assertThat(r.json().get("scimType").asText()).isEqualTo("invalidCursor");
            }
        }
    }

    @Test
    void serviceProviderConfigDescribesPaging() {
        JsonNode spc = scim.get("/ServiceProviderConfig").json();
        assertThat(spc.at("/sort/supported").asBoolean()).isTrue();
        assertThat(spc.at("/pagination/cursor").asBoolean()).isTrue();
        assertThat(spc.at("/pagination/index").asBoolean()).isTrue();
        assertThat(spc.at("/pagination/defaultPaginationMethod").asText()).isEqualTo("index");
        assertThat(spc.at("/pagination/maxPageSize").asInt()).isEqualTo(1000);
        assertThat(spc.at("/pagination/cursorTimeout").asInt()).isEqualTo(3600);
    }

    @Test
    void searchWithPost() {
        JsonNode users = scim.post("/Users/.search", "{'schemas':['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],"
                + "'filter':'active eq false','attributes':['displayName'],'sortBy':'displayName','startIndex':1,'count':10}").json();
        assertThat(names(users)).containsExactly("Bea", "Dana");
        assertThat(users.at("/Resources/0").has("emails")).isFalse();

        JsonNode root = scim.post("/.search", "{'filter':'displayName sw \"e\"','count':50}").json();
        List<String> types = new ArrayList<>();
        root.get("Resources").forEach(r -> types.add(r.at("/meta/resourceType").asText()));
        assertThat(types).containsExactly("User", "Group");
        assertThat(root.get("totalResults").asInt()).isEqualTo(2);

        JsonNode secondPage = scim.post("/.search", "{'filter':'displayName sw \"e\"','startIndex':2,'count':1}").json();
        assertThat(secondPage.at("/Resources/0/meta/resourceType").asText()).isEqualTo("Group");
        assertThat(scim.post("/.search", "{'filter':'userName eq \"zoe@example.com\"'}").json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(scim.post("/.search", "{'filter':'shoeSize eq 1'}").json().get("scimType").asText()).isEqualTo("invalidFilter");
        // ".search" is an action, not an id: a GET on it is the wrong method, not an unknown resource.
        for (String path : List.of("/Users/.search", "/Groups/.search", "/.search")) {
            ScimClient.Response r = scim.get(path);
            assertThat(r.status()).as(path).isEqualTo(405);
            assertThat(r.json().get("status").asText()).isEqualTo("405");
        }
    }

    @Test
    void filtersIdpsSend() {
        // Okta's lookup (+ for spaces), Entra's (different letter case, and by externalId), PingOne's admin-written ones.
        assertThat(scim.get("/Users?filter=userName+eq+%22ZOE%40example.com%22&startIndex=1&count=100").json()
                .get("totalResults").asInt()).isEqualTo(1);
        assertThat(scim.get("/Users?filter=" + q("userName eq \"zoe@example.com\"") + "&").json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(scim.get("/Users?filter=" + q("username Eq \"carl@example.com\"")).json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(scim.get("/Users?filter=" + q("emails Co \"example.com\"")).json().get("totalResults").asInt()).isEqualTo(7);
        assertThat(scim.get("/Users?filter=" + q("emails[type eq \"work\"].value eq \"BEA@example.com\"")).json()
                .get("totalResults").asInt()).isEqualTo(1);
        assertThat(scim.get("/Groups?filter=" + q("displayName eq \"everyone eng\"") + "&excludedAttributes=members").json()
                .at("/Resources/0").has("members")).isFalse();
        assertThat(scim.get("/Users?filter=" + q("externalId eq \"nobody\"")).json().get("totalResults").asInt()).isZero();
    }

    @Test
    void filtersAndSortsByTheVersionMetaShows() {
        // A server of its own: the users here would change what the other tests count.
        try (TestServer own = TestServer.start()) {
            filterAndSortByVersion(own.client());
        }
    }

    private static void filterAndSortByVersion(ScimClient scim) {
        List<String> made = new ArrayList<>();
        for (String n : List.of("ver.a", "ver.b", "ver.c")) made.add(scim.post("/Users", "{'userName':'" + n + "'}").json().get("id").asText());
        String deactivate = "{'Operations':[{'op':'replace','path':'active','value':false}]}";
        String activate = "{'Operations':[{'op':'replace','path':'active','value':true}]}";
        scim.patch("/Users/" + made.get(1), deactivate);
        scim.patch("/Users/" + made.get(1), activate);
        scim.patch("/Users/" + made.get(2), deactivate);
        String mine = "userName sw \"ver.\" and ";
        String read = scim.get("/Users/" + made.get(1)).json().at("/meta/version").asText();
        assertThat(read).isEqualTo("W/\"3\"");
        assertThat(userNames(scim.get("/Users?filter=" + q(mine + "meta.version eq \"" + read.replace("\"", "\\\"") + "\"")).json()))
                .containsExactly("ver.b");
        assertThat(userNames(scim.get("/Users?sortBy=userName&filter=" + q(mine + "meta.version ne \"W/\\\"1\\\"\"")).json()))
                .containsExactly("ver.b", "ver.c");
        assertThat(userNames(scim.get("/Users?sortBy=meta.version&sortOrder=descending&filter=" + q("userName sw \"ver.\"")).json()))
                .containsExactly("ver.b", "ver.c", "ver.a");
        // A string, compared as one: the tag and its quotes are part of the value.
        assertThat(userNames(scim.get("/Users?filter=" + q(mine + "meta.version eq \"3\"")).json())).isEmpty();
    }

    @Test
    void everyResourceHasMetaAndItsLocation() {
        long all = scim.get("/Users?count=0").json().get("totalResults").asLong();
        assertThat(all).isPositive();
        for (String present : List.of("meta pr", "meta.location pr", "META.LOCATION pr")) {
            assertThat(scim.get("/Users?count=0&filter=" + q(present)).json().get("totalResults").asLong()).as(present).isEqualTo(all);
        }
        assertThat(scim.get("/Users?count=0&filter=" + q("not (meta pr)")).json().get("totalResults").asLong()).isZero();
        assertThat(scim.get("/Users?count=0&filter=" + q("meta.location eq null")).json().get("totalResults").asLong()).isZero();
        long groups = scim.get("/Groups?count=0").json().get("totalResults").asLong();
        assertThat(scim.get("/Groups?count=0&filter=" + q("meta.location pr")).json().get("totalResults").asLong()).isEqualTo(groups);
    }

    private static List<String> userNames(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.get("Resources").forEach(u -> out.add(u.get("userName").asText()));
        return out;
    }

    @Test
    void precedenceDecidesWhatMatches() {
        // a or (b and c) vs (a or b) and c, on data where they differ: Zoe is Ops and active.
        String a = "displayName eq \"Zoe\"";
        String b = "displayName eq \"Bea\"";
        String c = "active eq false";
        assertThat(names(scim.get("/Users?sortBy=displayName&filter=" + q(a + " or " + b + " and " + c)).json()))
                .containsExactly("Bea", "Zoe");
        assertThat(names(scim.get("/Users?sortBy=displayName&filter=" + q("(" + a + " or " + b + ") and " + c)).json()))
                .containsExactly("Bea");
        assertThat(names(scim.get("/Users?sortBy=displayName&filter=" + q("not (" + c + ") and not (" + a + ")")).json()))
                .containsExactly("adam", "carl", "Eve", "Finn");
    }
}
