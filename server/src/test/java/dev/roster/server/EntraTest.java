package dev.roster.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.roster.server.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/** What Microsoft Entra ID and its SCIM validator send, and the re-reads they compare. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EntraTest {
    private static final String ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private final TestServer server = TestServer.start();
    private final ScimClient scim = server.client();

    @AfterAll
    void stop() { server.close(); }

    private String validatorUser(String userName) {
        ScimClient.Response r = scim.post("/Users", "{'userName':'" + userName + "','active':true,'displayName':'JWGAQIENDVEM',"
                + "'title':'FQXEKTXNBKMB','emails':[{'type':'work','value':'nannie.marvin@russel.com','primary':true}],"
                + "'preferredLanguage':'el-CY','name':{'givenName':'Stefanie','familyName':'Rollin','formatted':'Omari',"
                + "'middleName':'Jayce','honorificPrefix':'Chesley','honorificSuffix':'Hulda'},"
                + "'addresses':[{'type':'work','formatted':'LLGPQERHVEPF','streetAddress':'3008 Jarret Rue','locality':'CRLKORAGBJLS',"
                + "'region':'THZISNWKCDPJ','postalCode':'pr01 7fy','primary':true,'country':'Estonia'}],"
                + "'phoneNumbers':[{'type':'work','value':'45-955-7623','primary':true},{'type':'mobile','value':'45-955-7623'},"
                + "{'type':'fax','value':'45-955-7623'}],"
                + "'" + ENT + "':{'employeeNumber':'PAUCKSIOCHXT','department':'BRYTQSAMNUFV','costCenter':'OEBKZAUQECWO',"
                + "'organization':'JPIYQKLDOKUE','division':'KZNWIHJCWDKZ','manager':{'value':'CYKQWKOFNTWC'}},"
                + "'roles':[{'primary':'True','display':'HRHFBMXLZSTZ','value':'RTSKUXALBPLQ','type':'VMIYJTGCMNLT'}],"
                + "'userType':'PHMUOBTAQGGR','nickName':'WIULSWICPERK','locale':'NNRDFXPHOXUY','timezone':'America/Guyana',"
                + "'profileUrl':'MFGMUGTYPBKA',"
                + "'schemas':['urn:ietf:params:scim:schemas:core:2.0:User','" + ENT + "']}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode u = r.json();
        assertThat(u.at("/roles/0/primary").isBoolean()).as("'True' is echoed back as a boolean").isTrue();
        return u.get("id").asText();
    }

    /** Path → new value, in the order the validator sends them; the values stand for what a GET must show. */
    private static Map<String, String> verbose(String suffix) {
        Map<String, String> ops = new LinkedHashMap<>();
        ops.put("displayName", "DN" + suffix);
        ops.put("title", "T" + suffix);
        ops.put("emails[type eq \"work\"].value", "work" + suffix + "@example.com");
        ops.put("preferredLanguage", "de-DE");
        for (String n : new String[]{"givenName", "familyName", "formatted", "middleName", "honorificPrefix", "honorificSuffix"}) {
            ops.put("name." + n, n + suffix);
        }
        for (String a : new String[]{"formatted", "streetAddress", "locality", "region", "postalCode", "country"}) {
            ops.put("addresses[type eq \"work\"]." + a, a + suffix);
        }
        ops.put("phoneNumbers[type eq \"work\"].value", "1-" + suffix);
        ops.put("phoneNumbers[type eq \"mobile\"].value", "2-" + suffix);
        ops.put("phoneNumbers[type eq \"fax\"].value", "3-" + suffix);
        for (String e : new String[]{"employeeNumber", "department", "costCenter", "organization", "division"}) {
            ops.put(ENT + ":" + e, e + suffix);
        }
        ops.put("roles[primary eq \"True\"].display", "RD" + suffix);
        ops.put("roles[primary eq \"True\"].value", "RV" + suffix);
        ops.put("roles[primary eq \"True\"].type", "RT" + suffix);
        ops.put("userType", "UT" + suffix);
        ops.put("nickName", "NN" + suffix);
        ops.put("locale", "LC" + suffix);
        ops.put("timezone", "Europe/Oslo");
        ops.put("profileUrl", "https://example.com/" + suffix);
        return ops;
    }

    private String operations(String op, Map<String, String> values, String extra) {
        StringBuilder sb = new StringBuilder("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':[");
        sb.append(extra);
        values.forEach((path, value) -> sb.append(",{'op':'").append(op).append("','path':'").append(path.replace("'", "\\'"))
                .append("','value':'").append(value).append("'}"));
        return sb.append("]}").toString();
    }

    private static void assertShows(JsonNode user, Map<String, String> values) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            assertThat(read(user, e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    /** Reads a validator path (attr, attr.sub, attr[type eq "x"].sub, attr[primary eq "True"].sub, urn:…:attr) from a GET. */
    private static String read(JsonNode user, String path) {
        if (path.startsWith(ENT + ":")) return user.path(ENT).path(path.substring(ENT.length() + 1)).asText(null);
        int bracket = path.indexOf('[');
        if (bracket < 0) {
            String[] parts = path.split("\\.");
            JsonNode n = user.path(parts[0]);
            return (parts.length == 2 ? n.path(parts[1]) : n).asText(null);
        }
        String attr = path.substring(0, bracket);
        String filter = path.substring(bracket + 1, path.indexOf(']'));
        String sub = path.substring(path.indexOf("].") + 2);
        for (JsonNode element : user.path(attr)) {
            boolean match = filter.startsWith("type eq")
                    ? element.path("type").asText().equals(filter.replaceAll(".*\"(.*)\".*", "$1"))
                    : element.path("primary").asBoolean(false);
            if (match) return element.path(sub).asText(null);
        }
        return null;
    }

    @Test
    void replaceAttributesVerbose() {
        String id = validatorUser("verbose.replace@robelweber.info");
        Map<String, String> values = verbose("r");
        ScimClient.Response r = scim.patch("/Users/" + id, operations("replace", values,
                "{'op':'replace','path':'active','value':false},{'op':'replace','path':'emails[type eq \"work\"].primary','value':true},"
                        + "{'op':'replace','path':'phoneNumbers[type eq \"work\"].primary','value':true},"
                        + "{'op':'replace','path':'addresses[type eq \"work\"].primary','value':true}"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode user = scim.get("/Users/" + id).json();
        assertShows(user, values);
        assertThat(user.get("active").asBoolean()).isFalse();
        assertThat(user.at("/emails/0/primary").asBoolean()).isTrue();
        assertThat(user.get("phoneNumbers")).hasSize(3);
    }

    @Test
    void addAttributesVerboseCreatesWhatTheFiltersName() {
        ScimClient.Response created = scim.post("/Users", "{'userName':'verbose.add@robelweber.info',"
                + "'schemas':['urn:ietf:params:scim:schemas:core:2.0:User']}");
        String id = created.json().get("id").asText();
        // The validator's add of roles comes first here, so that roles[primary eq "True"] has a value to address.
        Map<String, String> values = verbose("a");
        ScimClient.Response r = scim.patch("/Users/" + id, operations("Add", values,
                "{'op':'Add','path':'roles','value':[{'primary':'True','value':'seed'}]},{'op':'Add','path':'active','value':'True'},"
                        + "{'op':'Add','path':'emails[type eq \"work\"].primary','value':'True'}"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode user = scim.get("/Users/" + id).json();
        assertShows(user, values);
        assertThat(user.get("emails")).hasSize(1);
        assertThat(user.get("addresses")).hasSize(1);
        assertThat(user.get("phoneNumbers")).hasSize(3);
        assertThat(user.at("/emails/0/primary").asBoolean()).isTrue();
    }

    @Test
    void pathlessAddWithDottedKeys() {
        String id = scim.post("/Users", "{'userName':'dotted@robelweber.info'}").json().get("id").asText();
        ScimClient.Response r = scim.patch("/Users/" + id, "{'Operations':[{'op':'add','value':{'name.givenName':'Sabina',"
                + "'name.familyName':'Priscilla','" + ENT + ":employeeNumber':'Aklq','displayName':'Sab'}}]}");
        assertThat(r.status()).isEqualTo(200);
        JsonNode u = scim.get("/Users/" + id).json();
        assertThat(u.at("/name/givenName").asText()).isEqualTo("Sabina");
        assertThat(u.at("/name/familyName").asText()).isEqualTo("Priscilla");
        assertThat(u.at("/" + ENT + "/employeeNumber").asText()).isEqualTo("Aklq");
        assertThat(u.has("name.givenName")).isFalse();
    }

    @Test
    void managerAddReplaceRemove() {
        String boss = scim.post("/Users", "{'userName':'boss@robelweber.info'}").json().get("id").asText();
        String other = scim.post("/Users", "{'userName':'other.boss@robelweber.info'}").json().get("id").asText();
        String id = scim.post("/Users", "{'userName':'report@robelweber.info'}").json().get("id").asText();
        String path = ENT + ":manager";
        scim.patch("/Users/" + id, "{'Operations':[{'op':'Add','path':'" + path + "','value':'" + boss + "'}]}");
        assertThat(scim.get("/Users/" + id).json().at("/" + ENT + "/manager/value").asText()).isEqualTo(boss);
        scim.patch("/Users/" + id, "{'Operations':[{'op':'Replace','path':'" + path + "','value':{'value':'" + other + "'}}]}");
        assertThat(scim.get("/Users/" + id).json().at("/" + ENT + "/manager/value").asText()).isEqualTo(other);
        assertThat(scim.get("/Users?filter=" + q(path + ".value eq \"" + other + "\"")).json().get("totalResults").asInt()).isEqualTo(1);
        scim.patch("/Users/" + id, "{'Operations':[{'op':'Replace','path':'" + path + "','value':{'value':''}}]}");
        assertThat(scim.get("/Users/" + id).json().has(ENT)).isFalse();
        scim.patch("/Users/" + id, "{'Operations':[{'op':'Add','path':'" + path + "','value':'" + boss + "'}]}");
        scim.patch("/Users/" + id, "{'Operations':[{'op':'Remove','path':'" + path + "'}]}");
        assertThat(scim.get("/Users/" + id).json().has(ENT)).isFalse();
    }

    @Test
    void lifecycleAsEntraDrivesIt() {
        String id = validatorUser("Lifecycle.User@robelweber.info");
        assertThat(scim.get("/Users?filter=" + q("userName eq \"lifecycle.user@ROBELWEBER.info\"")).json().get("totalResults").asInt())
                .isEqualTo(1);
        assertThat(scim.patch("/Users/" + id, "{'Operations':[{'op':'Replace','path':'active','value':'False'}]}").status()).isEqualTo(200);
        JsonNode filtered = scim.get("/Users?filter=" + q("userName eq \"lifecycle.user@robelweber.info\"")).json();
        assertThat(filtered.at("/Resources/0/active").asBoolean()).as("a disabled user is still returned, with active").isFalse();
        assertThat(scim.patch("/Users/" + id, "{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':[]}").status())
                .isEqualTo(200);
        assertThat(scim.delete("/Users/" + id).status()).isEqualTo(204);
        assertThat(scim.get("/Users/" + id).status()).isEqualTo(404);
        assertThat(scim.delete("/Users/" + id).status()).isEqualTo(404);
    }

    /** Entra's tutorial names the manager without the extension's URN, as a list of one, and checks it with a filter. */
    @Test
    void managerAsTheTutorialSendsIt() {
        String boss = scim.post("/Users", "{'userName':'tutorial.boss@robelweber.info'}").json().get("id").asText();
        String id = scim.post("/Users", "{'userName':'tutorial.report@robelweber.info'}").json().get("id").asText();
        ScimClient.Response added = scim.patch("/Users/" + id, "{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                + "'Operations':[{'op':'Add','path':'manager','value':[{'$ref':'https://x/scim/Users/" + boss + "','value':'" + boss + "'}]},"
                + "{'op':'Replace','path':'department','value':'Retail'}]}");
        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        assertThat(added.json().at("/" + ENT + "/manager/value").asText()).isEqualTo(boss);
        assertThat(added.json().at("/" + ENT + "/department").asText()).isEqualTo("Retail");
        assertThat(added.json().get("schemas").toString()).contains(ENT);
        JsonNode check = scim.get("/Users?attributes=id&filter=" + q("id eq \"" + id + "\" and manager eq \"" + boss + "\"")).json();
        assertThat(check.get("totalResults").asInt()).isEqualTo(1);
        assertThat(scim.get("/Users?attributes=id&filter=" + q("manager eq \"" + id + "\"")).json().get("totalResults").asInt()).isZero();
    }

    /** Extension attributes named without their URN in attributes, excludedAttributes and sortBy, as in filters. */
    @Test
    void extensionNamesWithoutTheirUrnChooseAndOrderAttributes() {
        Map<String, String> ids = new LinkedHashMap<>();
        for (String department : List.of("Sales", "Audit", "Ops")) {
            ids.put(department, scim.post("/Users", "{'userName':'unqualified-" + department + "','" + ENT + "':{'department':'"
                    + department + "','costCenter':'cc'}}").json().get("id").asText());
        }
        JsonNode picked = scim.get("/Users/" + ids.get("Ops") + "?attributes=department").json();
        assertThat(picked.at("/" + ENT + "/department").asText()).isEqualTo("Ops");
        assertThat(picked.has("userName")).isFalse();
        assertThat(picked.at("/" + ENT).has("costCenter")).isFalse();

        JsonNode left = scim.get("/Users/" + ids.get("Ops") + "?excludedAttributes=department").json();
        assertThat(left.get("userName").asText()).isEqualTo("unqualified-Ops");
        assertThat(left.at("/" + ENT).has("department")).isFalse();
        assertThat(left.at("/" + ENT + "/costCenter").asText()).isEqualTo("cc");

        JsonNode sorted = scim.get("/Users?sortBy=department&attributes=department&filter=" + q("userName sw \"unqualified-\"")).json();
        List<String> order = new ArrayList<>();
        sorted.get("Resources").forEach(u -> order.add(u.at("/" + ENT + "/department").asText()));
        assertThat(order).containsExactly("Audit", "Ops", "Sales");

        JsonNode searched = scim.post("/.search", "{'filter':'userName eq \"unqualified-Audit\"','attributes':['department']}").json();
        assertThat(searched.at("/Resources/0/" + ENT + "/department").asText()).isEqualTo("Audit");
    }

    /**
     * A Tenant URL typed with a trailing slash, as in Microsoft's own example, and with the aadOptscim062020 flag,
     * which Entra may carry on to every request: both reach the same endpoints, behind the same authentication.
     */
    @Test
    void aTenantUrlWithATrailingSlashAndTheFlag() {
        ScimClient.Response created = scim.post("//Users?aadOptscim062020", "{'userName':'slash@robelweber.info'}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.header("Location")).endsWith("/scim/v2/Users/" + id);
        assertThat(scim.get("//Users?aadOptscim062020&filter=" + q("userName eq \"slash@robelweber.info\"")).json()
                .get("totalResults").asInt()).isEqualTo(1);
        assertThat(scim.patch("//Users//" + id + "?aadOptscim062020",
                "{'Operations':[{'op':'Replace','path':'active','value':'False'}]}").json().get("active").asBoolean()).isFalse();
        assertThat(scim.get("//ServiceProviderConfig").status()).isEqualTo(200);
        assertThat(scim.withToken(null).get("//Users/" + id).status()).isEqualTo(401);
        assertThat(scim.withToken("wrong-token-0123456789").sendRaw("GET //scim/v2//Users/" + id + " HTTP/1.1").status())
                .isEqualTo(401);
        assertThat(scim.delete("//Users/" + id).status()).isEqualTo(204);
        assertThat(scim.get("/Users/" + id).status()).isEqualTo(404);
    }

    @Test
    void groupsTheEntraWay() {
        String u1 = scim.post("/Users", "{'userName':'g1@robelweber.info'}").json().get("id").asText();
        String u2 = scim.post("/Users", "{'userName':'g2@robelweber.info'}").json().get("id").asText();
        ScimClient.Response g = scim.post("/Groups", "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group',"
                + "'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/Group'],'displayName':'Entra Group','externalId':'e-1'}");
        assertThat(g.status()).isEqualTo(201);
        String gid = g.json().get("id").asText();
        assertThat(scim.get("/Groups?excludedAttributes=members&filter=" + q("displayName eq \"ENTRA GROUP\"")).json()
                .get("totalResults").asInt()).isEqualTo(1);
        scim.patch("/Groups/" + gid, "{'Operations':[{'op':'Add','path':'members','value':[{'value':'" + u1 + "'},{'value':'" + u2 + "'}]}]}");
        scim.patch("/Groups/" + gid, "{'Operations':[{'op':'Remove','path':'members','value':[{'value':'" + u1 + "'}]}]}");
        JsonNode members = scim.get("/Groups/" + gid).json().get("members");
        assertThat(members).hasSize(1);
        assertThat(members.get(0).get("value").asText()).isEqualTo(u2);
        scim.patch("/Groups/" + gid, "{'Operations':[{'op':'Replace','path':'displayName','value':'Entra Group 2'},"
                + "{'op':'Add','path':'externalId','value':'e-2'}]}");
        JsonNode group = scim.get("/Groups/" + gid).json();
        assertThat(group.get("displayName").asText()).isEqualTo("Entra Group 2");
        assertThat(group.get("externalId").asText()).isEqualTo("e-2");
    }
}
