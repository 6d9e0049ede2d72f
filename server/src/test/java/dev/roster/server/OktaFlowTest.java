package dev.roster.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static dev.roster.server.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Okta sends, in the order it sends it: the connection probe, the "SCIM 2.0 SPEC Test" steps,
 * provisioning a user (lookup, create, GET + PUT echo, deactivate, reactivate) and group push.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OktaFlowTest {
    private static final String[] SPEC_GET = {"Accept", "application/scim+json", "Accept-Charset", "utf-8",
            "Content-Type", "application/scim+json; charset=utf-8", "User-Agent", "OKTA SCIM Integration"};
    private static final String[] SPEC_POST = {"Content-Type", "application/json",
            "Accept", "application/scim+json; charset=utf-8", "User-Agent", "OKTA SCIM Integration"};
    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    private final TestServer server = TestServer.start();
    private final ScimClient scim = server.client();

    @AfterAll
    void stop() { server.close(); }

    private String createUser(String userName) {
        ScimClient.Response r = scim.post("/Users", "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],"
                + "'userName':'" + userName + "','name':{'givenName':'Pre','familyName':'Existing'},"
                + "'emails':[{'primary':true,'value':'" + userName + "','type':'work'}],'active':true}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    @Test
    void theSpecTestPasses() {
        createUser("precondition.user@example.com"); // "Create at least one user before running"

        ScimClient.Response step1 = scim.get("/Users?count=1&startIndex=1", SPEC_GET);
        assertThat(step1.status()).isEqualTo(200);
        JsonNode list = step1.json();
        assertThat(list.get("schemas").toString()).contains(LIST);
        assertThat(list.get("itemsPerPage").isNumber()).isTrue();
        assertThat(list.get("startIndex").isNumber()).isTrue();
        assertThat(list.get("totalResults").isNumber()).isTrue();
        JsonNode first = list.get("Resources").get(0);
        for (String p : new String[]{"/id", "/name/familyName", "/name/givenName", "/userName", "/active", "/emails/0/value"}) {
            assertThat(first.at(p).asText()).as(p).isNotEmpty();
        }
        String id = first.get("id").asText();

        ScimClient.Response step2 = scim.get("/Users/" + id, SPEC_GET);
        assertThat(step2.status()).isEqualTo(200);
        assertThat(step2.json().get("id").asText()).isEqualTo(id);

        ScimClient.Response step3 = scim.get("/Users?filter=" + q("userName eq \"abcdefgh@atko.com\""), SPEC_GET);
        assertThat(step3.status()).isEqualTo(200);
        assertThat(step3.json().get("totalResults").asInt()).isZero();
        assertThat(step3.json().get("schemas").toString()).contains(LIST);

        ScimClient.Response step4 = scim.get("/Users/010101001010101011001010101011", SPEC_GET);
        assertThat(step4.status()).isEqualTo(404);
        assertThat(step4.json().get("detail").asText()).isNotEmpty();
        assertThat(step4.json().get("schemas").toString()).contains(ERROR);

        String userName = "Runscope300Hfluaklab151@atko.com";
        ScimClient.Response step5 = scim.get("/Users?filter=" + q("userName eq \"" + userName + "\""), SPEC_GET);
        assertThat(step5.json().get("totalResults").asInt()).isZero();

        String body = "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'userName':'" + userName + "',"
                + "'name':{'givenName':'Runscope300','familyName':'Hfluaklab151'},"
                + "'emails':[{'primary':true,'value':'" + userName + "','type':'work'}],"
                + "'displayName':'Runscope300 Hfluaklab151','active':true}";
        ScimClient.Response step6 = scim.post("/Users", body, SPEC_POST);
        assertThat(step6.status()).as(step6.toString()).isEqualTo(201);
        JsonNode created = step6.json();
        assertThat(created.get("active").asBoolean()).isTrue();
        assertThat(created.get("userName").asText()).isEqualTo(userName);
        assertThat(created.get("schemas").toString()).contains("urn:ietf:params:scim:schemas:core:2.0:User");
        String newId = created.get("id").asText();
        assertThat(step6.header("Location")).endsWith("/scim/v2/Users/" + newId);

        ScimClient.Response step7 = scim.get("/Users/" + newId, SPEC_GET);
        assertThat(step7.json().get("userName").asText()).isEqualTo(userName);
        assertThat(step7.json().at("/name/familyName").asText()).isEqualTo("Hfluaklab151");

        ScimClient.Response step8 = scim.post("/Users", body, SPEC_POST);
        assertThat(step8.status()).isEqualTo(409);
        assertThat(step8.json().get("scimType").asText()).isEqualTo("uniqueness");

        ScimClient.Response step9 = scim.get("/Users?filter=" + q("userName eq \"" + userName.toUpperCase() + "\""), SPEC_GET);
        assertThat(step9.status()).isEqualTo(200);
        assertThat(step9.json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(step9.json().at("/Resources/0/userName").asText()).isEqualTo(userName);

        ScimClient.Response step10 = scim.get("/Groups", SPEC_GET);
        assertThat(step10.status()).isEqualTo(200);
        assertThat(step10.json().get("Resources").isArray()).isTrue();

        ScimClient.Response step11 = scim.get("/Users?filter=" + q("userName eq \"" + userName + "\""),
                "Authorization", "non-token", "Accept", "application/scim+json");
        assertThat(step11.status()).isEqualTo(401);
        assertThat(step11.json().get("status").asText()).isEqualTo("401");
        assertThat(step11.json().get("detail").asText()).isNotEmpty();
        assertThat(step11.json().get("schemas").toString()).contains(ERROR);

        ScimClient.Response step12 = scim.get("/Users/00919288221112222", SPEC_GET);
        assertThat(step12.status()).isEqualTo(404);
        assertThat(step12.json().get("status").asText()).isEqualTo("404");
    }

    @Test
    void connectionProbeAndImportPages() {
        for (int i = 0; i < 5; i++) createUser("import" + i + "@example.com");
        ScimClient.Response probe = scim.get("/Users?startIndex=1&count=2", "User-Agent", "Okta SCIM Client 1.0.0");
        assertThat(probe.status()).isEqualTo(200);
        assertThat(probe.json().get("itemsPerPage").asInt()).isEqualTo(2);
        assertThat(probe.header("Content-Type")).isEqualTo("application/scim+json; charset=utf-8");

        int total = probe.json().get("totalResults").asInt();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int start = 1; start <= total; start += 2) {
            JsonNode page = scim.get("/Users?startIndex=" + start + "&count=2").json();
            assertThat(page.get("startIndex").asInt()).isEqualTo(start);
            page.get("Resources").forEach(u -> seen.add(u.get("id").asText()));
        }
        assertThat(seen).hasSize(total);
    }

    @Test
    void provisioningAUserFromAssignmentToUnassignment() {
        String lookup = "/Users?filter=" + q("userName eq \"test.user@okta.local\"") + "&startIndex=1&count=100";
        assertThat(scim.get(lookup).json().get("totalResults").asInt()).isZero();

        ScimClient.Response created = scim.post("/Users", "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],"
                + "'userName':'test.user@okta.local','name':{'givenName':'Test','familyName':'User'},"
                + "'emails':[{'primary':true,'value':'test.user@okta.local','type':'work'}],'displayName':'Test User',"
                + "'locale':'en-US','externalId':'00ujl29u0le5T6Aj10h7','groups':[],'password':'1mz050nq','active':true,"
                + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'department':'Engineering'}}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode user = created.json();
        String id = user.get("id").asText();
        assertThat(user.has("password")).isFalse();
        assertThat(user.get("externalId").asText()).isEqualTo("00ujl29u0le5T6Aj10h7");
        assertThat(user.get("schemas").toString()).contains("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        assertThat(user.at("/meta/version").asText()).isEqualTo("W/\"1\"");
        assertThat(user.at("/meta/location").asText()).endsWith("/scim/v2/Users/" + id);
        assertThat(created.header("ETag")).isEqualTo("W/\"1\"");

        assertThat(scim.get(lookup).json().get("totalResults").asInt()).isEqualTo(1);

        // Profile push: GET, change, PUT the whole body back with its read-only parts.
        JsonNode current = scim.get("/Users/" + id).json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) current.get("name")).put("givenName", "Another").put("middleName", "Excited");
        ((com.fasterxml.jackson.databind.node.ObjectNode) current).remove("displayName");
        ((com.fasterxml.jackson.databind.node.ObjectNode) current).put("id", "someone-else");
        ScimClient.Response put = scim.put("/Users/" + id, current.toString());
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        JsonNode replaced = put.json();
        assertThat(replaced.get("id").asText()).isEqualTo(id);
        assertThat(replaced.at("/name/givenName").asText()).isEqualTo("Another");
        assertThat(replaced.has("displayName")).as("absent attributes are cleared by PUT").isFalse();
        assertThat(replaced.at("/meta/created").asText()).isEqualTo(user.at("/meta/created").asText());
        assertThat(replaced.at("/meta/version").asText()).isEqualTo("W/\"2\"");

        ScimClient.Response off = scim.patch("/Users/" + id, "{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                + "'Operations':[{'op':'replace','value':{'active':false}}]}");
        assertThat(off.status()).isEqualTo(200);
        assertThat(off.json().get("active").asBoolean()).isFalse();
        assertThat(scim.get("/Users/" + id).json().get("active").asBoolean()).isFalse();
        assertThat(scim.get(lookup).json().at("/Resources/0/active").asBoolean())
                .as("a deactivated user is still found by filter").isFalse();

        ScimClient.Response on = scim.patch("/Users/" + id, "{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                + "'Operations':[{'op':'replace','value':{'active':true}}]}");
        assertThat(on.json().get("active").asBoolean()).isTrue();
        assertThat(on.json().get("id").asText()).isEqualTo(id);
        assertThat(on.json().at("/name/givenName").asText()).isEqualTo("Another");

        // AIW apps deactivate with a PUT instead.
        JsonNode again = scim.get("/Users/" + id).json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) again).put("active", false);
        assertThat(scim.put("/Users/" + id, again.toString()).json().get("active").asBoolean()).isFalse();
    }

    @Test
    void aProfilePushKeepsTheEmailLookupInStep() {
        String id = createUser("push.email@example.com");
        String user = "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'userName':'push.email@example.com',"
                + "'name':{'givenName':'%s','familyName':'Push'},'emails':[{'primary':true,'value':'%s','type':'work'}],'active':true}";
        assertThat(scim.put("/Users/" + id, user.formatted("Renamed", "push.email@example.com")).status()).isEqualTo(200);
        assertThat(byEmail("PUSH.email@example.com")).containsExactly(id);

        assertThat(scim.put("/Users/" + id, user.formatted("Renamed", "moved@example.com")).status()).isEqualTo(200);
        assertThat(byEmail("push.email@example.com")).isEmpty();
        assertThat(byEmail("moved@example.com")).containsExactly(id);

        String deactivate = "{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':[{'op':'replace','value':{'active':false}}]}";
        assertThat(scim.patch("/Users/" + id, deactivate).status()).isEqualTo(200);
        assertThat(byEmail("moved@example.com")).containsExactly(id);
    }

    private List<String> byEmail(String email) {
        List<String> ids = new ArrayList<>();
        scim.get("/Users?filter=" + q("emails.value eq \"" + email + "\"")).json().path("Resources")
                .forEach(r -> ids.add(r.get("id").asText()));
        return ids;
    }

    @Test
    void groupPush() {
        String u1 = createUser("push1@example.com");
        String u2 = createUser("push2@example.com");
        String u3 = createUser("push3@example.com");

        ScimClient.Response created = scim.post("/Groups", "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],"
                + "'displayName':'Test SCIMv2','members':[]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String gid = created.json().get("id").asText();
        assertThat(scim.get("/Groups?filter=" + q("displayName eq \"test scimv2\"")).json().get("totalResults").asInt()).isEqualTo(1);

        ScimClient.Response renamed = scim.patch("/Groups/" + gid, "{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                + "'Operations':[{'op':'replace','value':{'id':'" + gid + "','displayName':'Test SCIMv2 renamed'}}]}");
        assertThat(renamed.status()).isEqualTo(204);
        assertThat(scim.get("/Groups/" + gid).json().get("displayName").asText()).isEqualTo("Test SCIMv2 renamed");

        scim.patch("/Groups/" + gid, "{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                + "'Operations':[{'op':'add','path':'members','value':[{'value':'" + u1 + "','display':'push1@example.com'},"
                + "{'value':'" + u2 + "','display':'push2@example.com'}]}]}");
        assertThat(memberIds(gid)).containsExactlyInAnyOrder(u1, u2);
        JsonNode groupsOfU1 = scim.get("/Users/" + u1).json().get("groups");
        assertThat(groupsOfU1.get(0).get("value").asText()).isEqualTo(gid);
        assertThat(groupsOfU1.get(0).get("display").asText()).isEqualTo("Test SCIMv2 renamed");

        ScimClient.Response removeAndAdd = scim.patch("/Groups/" + gid, "{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                + "'Operations':[{'op':'remove','path':'members[value eq \"" + u1 + "\"]'},"
                + "{'op':'add','path':'members','value':[{'value':'" + u3 + "','display':'push3@example.com'}]}]}");
        assertThat(removeAndAdd.status()).isEqualTo(204);
        assertThat(memberIds(gid)).containsExactlyInAnyOrder(u2, u3);
        assertThat(scim.get("/Users/" + u1).json().get("groups")).isEmpty();

        scim.patch("/Groups/" + gid, "{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                + "'Operations':[{'op':'replace','path':'members','value':[{'value':'" + u1 + "'}]}]}");
        assertThat(memberIds(gid)).containsExactly(u1);

        scim.patch("/Groups/" + gid, "{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                + "'Operations':[{'op':'replace','value':{'members':[{'value':'" + u2 + "'},{'value':'" + u3 + "'}]}}]}");
        assertThat(memberIds(gid)).containsExactlyInAnyOrder(u2, u3);

        scim.patch("/Groups/" + gid, "{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                + "'Operations':[{'op':'replace','path':'members','value':[]}]}");
        assertThat(memberIds(gid)).isEmpty();

        // AIW apps PUT the group with its member list.
        ScimClient.Response put = scim.put("/Groups/" + gid, "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],"
                + "'id':'" + gid + "','displayName':'Test SCIMv2 renamed','members':[{'value':'" + u3 + "','display':'x'}]}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(memberIds(gid)).containsExactly(u3);

        assertThat(scim.delete("/Groups/" + gid).status()).isEqualTo(204);
        assertThat(scim.get("/Groups/" + gid).status()).isEqualTo(404);
        assertThat(scim.get("/Users/" + u3).json().get("groups")).isEmpty();
    }

    private java.util.List<String> memberIds(String gid) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        scim.get("/Groups/" + gid).json().path("members").forEach(m -> ids.add(m.get("value").asText()));
        return ids;
    }
}
