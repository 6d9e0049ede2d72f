package dev.roster.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What OneLogin's SCIM provisioner sends: bodies from an admin-edited JSON template, with the legacy schema URNs it
 * ships with and every field the template could not fill left as "" (or as an item of ""s); updates by PUT, looked
 * up first with a filter that ends in a stray "&"; group membership by PATCH.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneLoginTest {
    private static final String ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private final TestServer server = TestServer.start();
    private final ScimClient scim = server.client();

    @AfterAll
    void stop() { server.close(); }

    /** The template's body for a user whose manager, phone and region the directory does not know. */
    private static String template(String userName, String givenName, String department) {
        return "{'schemas':['urn:scim:schemas:core:2.0','urn:scim:schemas:extension:enterprise:2.0'],"
                + "'userName':'" + userName + "','name':{'givenName':'" + givenName + "','familyName':' Tester'},"
                + "'emails':[{'value':'" + userName + "','type':'work','primary':true}],"
                + "'phoneNumbers':[{'value':'','type':''}],'addresses':[{'locality':'Lyon','region':'','country':'FR'}],"
                + "'urn:scim:schemas:extension:enterprise:2.0':{'department':'" + department + "',"
                + "'manager':{'value':'','displayName':''}}}";
    }

    @Test
    void templateBodiesCreateAndReplaceUsers() {
        ScimClient.Response created = scim.post("/Users", template("ol.first@example.org", "Ada", "Research"),
                "User-Agent", "");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode u = created.json();
        assertThat(u.get("name").get("familyName").asText()).isEqualTo(" Tester");
        assertThat(u.get(ENT).get("department").asText()).isEqualTo("Research");
        // What the template could not fill is no value, not an empty phone number or a manager with no id.
        assertThat(u.has("phoneNumbers")).isFalse();
        assertThat(u.get(ENT).has("manager")).isFalse();
        assertThat(u.at("/addresses/0/locality").asText()).isEqualTo("Lyon");

        // The update: a lookup ending in "&", then a PUT of the whole template to a URL ending in "?".
        JsonNode found = scim.get("/Users?filter=userName+eq+%22ol.first%40example.org%22&").json();
        assertThat(found.get("totalResults").asInt()).isEqualTo(1);
        String id = found.get("Resources").get(0).get("id").asText();
        ScimClient.Response replaced = scim.put("/Users/" + id + "?", template("ol.first@example.org", "Ada", "Design"));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        JsonNode again = scim.get("/Users/" + id).json();
        assertThat(again.get(ENT).get("department").asText()).isEqualTo("Design");
        assertThat(again.has("phoneNumbers")).isFalse();
        assertThat(again.get("schemas").toString()).contains("urn:ietf:params:scim:schemas:core:2.0:User").contains(ENT);
    }

    @Test
    void groupMembershipByPatch() {
        String member = scim.post("/Users", template("ol.member@example.org", "Grace", "Ops")).json().get("id").asText();
        String group = scim.post("/Groups", "{'schemas':['urn:scim:schemas:core:2.0'],'displayName':'OneLogin Admins'}")
                .json().get("id").asText();
        String patchOp = "'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp']";
        ScimClient.Response added = scim.patch("/Groups/" + group, "{" + patchOp + ",'Operations':[{'op':'add','path':'members',"
                + "'value':[{'value':'" + member + "'}]}]}");
        assertThat(added.status()).as(added.toString()).isIn(200, 204);
        assertThat(scim.get("/Users/" + member).json().at("/groups/0/value").asText()).isEqualTo(group);
        ScimClient.Response removed = scim.patch("/Groups/" + group, "{" + patchOp + ",'Operations':[{'op':'remove',"
                + "'path':'members[value eq \"" + member + "\"]'}]}");
        assertThat(removed.status()).as(removed.toString()).isIn(200, 204);
        assertThat(scim.get("/Groups/" + group).json().get("members")).isEmpty();
    }
}
