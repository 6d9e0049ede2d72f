package dev.roster.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscoveryTest {
    private final TestServer server = TestServer.start();
    private final ScimClient scim = server.client();

    @AfterAll
    void stop() { server.close(); }

    @Test
    void serviceProviderConfigSaysWhatTheServerDoes() {
        JsonNode spc = scim.get("/ServiceProviderConfig").json();
        assertThat(spc.at("/patch/supported").asBoolean()).isTrue();
        assertThat(spc.at("/filter/supported").asBoolean()).isTrue();
        assertThat(spc.at("/filter/maxResults").asInt()).isEqualTo(1000);
        assertThat(spc.at("/bulk/supported").asBoolean()).isFalse();
        assertThat(spc.at("/sort/supported").asBoolean()).isTrue();
        assertThat(spc.at("/etag/supported").asBoolean()).isTrue();
        assertThat(spc.at("/authenticationSchemes/0/type").asText()).isEqualTo("oauthbearertoken");
        // What it says is what it does: the advertised page size is the one enforced.
        for (int i = 0; i < 3; i++) scim.post("/Users", "{'userName':'spc" + i + "@example.com'}");
        assertThat(scim.get("/Users?count=5000").json().get("itemsPerPage").asInt()).isLessThanOrEqualTo(1000);
        assertThat(scim.get("/Users?count=2").json().get("itemsPerPage").asInt()).isEqualTo(2);
    }

    @Test
    void healthEndpointsNeedNoToken() {
        ScimClient.Response health = scim.getRoot("/healthz");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("up");
        ScimClient.Response ready = scim.getRoot("/readyz");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").asText()).isEqualTo("ready");
        // Load balancers may ask with HEAD.
        assertThat(scim.sendRoot("HEAD", "/readyz").status()).isEqualTo(200);
        assertThat(scim.sendRoot("HEAD", "/healthz").status()).isEqualTo(200);
    }

    @Test
    void resourceTypesAndSchemasDescribeEachOther() {
        JsonNode types = scim.get("/ResourceTypes").json();
        assertThat(types.get("totalResults").asInt()).isEqualTo(2);
        List<String> schemaIds = new ArrayList<>();
        scim.get("/Schemas").json().get("Resources").forEach(s -> schemaIds.add(s.get("id").asText()));
        assertThat(schemaIds).containsExactlyInAnyOrder("urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:core:2.0:Group", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        for (JsonNode t : types.get("Resources")) {
            assertThat(schemaIds).contains(t.get("schema").asText());
            t.get("schemaExtensions").forEach(e -> assertThat(schemaIds).contains(e.get("schema").asText()));
            assertThat(scim.get("/ResourceTypes/" + t.get("name").asText()).json()).isEqualTo(t);
        }
        JsonNode user = scim.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").json();
        JsonNode userName = null;
        JsonNode password = null;
        for (JsonNode a : user.get("attributes")) {
            if (a.get("name").asText().equals("userName")) userName = a;
            if (a.get("name").asText().equals("password")) password = a;
        }
        assertThat(userName.get("uniqueness").asText()).isEqualTo("server");
        assertThat(userName.get("required").asBoolean()).isTrue();
        assertThat(userName.get("caseExact").asBoolean()).isFalse();
        assertThat(password.get("returned").asText()).isEqualTo("never");
        assertThat(password.get("mutability").asText()).isEqualTo("writeOnly");
    }

    @Test
    void discoveryIgnoresPagingAndSortingButRefusesAFilter() {
        // RFC 7644 §4: paging and sorting are ignored here, so the whole list comes back...
        JsonNode paged = scim.get("/Schemas?startIndex=2&count=1&sortBy=name&sortOrder=descending").json();
        assertThat(paged.get("totalResults").asInt()).isEqualTo(3);
        assertThat(paged.get("Resources")).hasSize(3);
        // ...but a filter is refused, so no client takes the whole list for what matched.
        for (String path : List.of("/ServiceProviderConfig?filter=patch.supported%20eq%20true",
                "/ResourceTypes?filter=name%20eq%20%22User%22", "/ResourceTypes/User?filter=name%20pr",
                "/Schemas?filter=id%20eq%20%22urn:ietf:params:scim:schemas:core:2.0:User%22",
                "/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group?filter=")) {
            ScimClient.Response r = scim.get(path);
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(r.json().get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
            assertThat(r.json().get("status").asText()).isEqualTo("403");
            assertThat(r.json().get("detail").asText()).contains("filter");
            assertThat(scim.send("HEAD", path, null).status()).as("HEAD " + path).isEqualTo(403);
        }
        assertThat(scim.send("HEAD", "/Schemas/urn:nothing", null).status()).isEqualTo(404);
        assertThat(scim.send("HEAD", "/ServiceProviderConfig", null).status()).isEqualTo(200);
    }
}
