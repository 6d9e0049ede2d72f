package dev.roster.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.dialect.IdpDialect;
import dev.roster.scim.filter.FilterEvaluator;
import dev.roster.scim.patch.Patcher;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.ResourceValidator;
import dev.roster.scim.schema.SchemaRegistry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PATCH over HTTP does what the same PATCH does to the in-memory document, and one that fails leaves
 * the stored resource exactly as it was, down to meta.version and lastModified.
 */
@net.jqwik.api.lifecycle.AddLifecycleHook(SkipWithoutTestDatabase.class)
class PatchProperties {
    private static final String ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final SchemaRegistry REGISTRY = SchemaRegistry.core();
    private static final ResourceType USER = REGISTRY.resourceType("User");
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static TestServer server;
    private static ScimClient scim;

    @BeforeContainer
    static void start() {
        server = TestServer.start();
        scim = server.client();
    }

    @AfterContainer
    static void stop() {
        if (server != null) server.close();
    }

    /** The stored document as a GET shows it, without what the server adds. */
    private static ObjectNode document(JsonNode resource) {
        ObjectNode doc = resource.deepCopy();
        for (String k : List.of("id", "meta", "schemas", "groups")) doc.remove(k);
        return doc;
    }

    /** userName is left out of the operations: its uniqueness is the database's call, which the engine cannot know. */
    @Property(tries = 200)
    void httpPatchEqualsTheInMemoryPatch(@ForAll("users") ObjectNode user, @ForAll("operationLists") ArrayNode operations) {
        user.put("userName", "patch" + SEQ.incrementAndGet() + "@example.com");
        ScimClient.Response created = scim.post("/Users", user.toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        ScimClient.Response before = scim.get("/Users/" + id);

        ObjectNode body = F.objectNode();
        body.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:PatchOp");
        body.set("Operations", operations);
        ObjectNode expected = null;
        ScimException expectedError = null;
        try {
            ObjectNode patched = Patcher.apply(body, USER, REGISTRY, IdpDialect.DEFAULT, document(before.json())).document();
            expected = ResourceValidator.validate(USER, patched);
        } catch (ScimException e) {
            expectedError = e;
        }

        ScimClient.Response response = scim.patch("/Users/" + id, body.toString());
        ScimClient.Response after = scim.get("/Users/" + id);
        if (expectedError != null) {
            Statistics.label("outcome").collect("rejected " + expectedError.scimType());
            assertThat(response.status()).as(body + " -> " + response).isEqualTo(expectedError.status());
            assertThat(response.json().path("scimType").asText(null)).isEqualTo(expectedError.scimType());
            assertThat(after.text()).as("unchanged after a failed PATCH").isEqualTo(before.text());
        } else {
            Statistics.label("outcome").collect(expected.equals(document(before.json())) ? "no change" : "changed");
            assertThat(response.status()).as(body + " -> " + response).isEqualTo(200);
            assertThat(document(after.json())).as(body.toString()).isEqualTo(expected);
            assertThat(document(response.json())).isEqualTo(expected);
            if (expected.equals(document(before.json()))) {
                assertThat(after.json().at("/meta/version")).as("no change, no new version").isEqualTo(before.json().at("/meta/version"));
            }
            assertThat(response.json().get("meta")).as("the PATCH answers the meta a GET then reads").isEqualTo(after.json().get("meta"));
            assertEmailLookupsFind(id, user.get("userName").asText(), before.json(), expected);
        }
    }

    /** emails.value is answered from an index kept beside the document: it must find exactly the emails the document has. */
    private static void assertEmailLookupsFind(String id, String userName, JsonNode before, JsonNode expected) {
        Set<String> has = values(expected);
        Set<String> candidates = new HashSet<>(has);
        candidates.addAll(values(before));
        candidates.add("a@x");
        for (String value : candidates) {
            String filter = "emails.value eq \"" + value + "\" and userName eq \"" + userName + "\"";
            JsonNode found = scim.get("/Users?filter=" + ScimClient.q(filter)).json();
            assertThat(found.get("totalResults").asInt()).as(filter + " after PATCH of " + id).isEqualTo(has.contains(value) ? 1 : 0);
        }
    }

    private static Set<String> values(JsonNode user) {
        Set<String> values = new HashSet<>();
        for (JsonNode email : user.path("emails")) {
            if (email.path("value").isTextual()) values.add(FilterEvaluator.fold(email.get("value").asText()));
        }
        return values;
    }

    @Provide
    Arbitrary<ObjectNode> users() {
        return Combinators.combine(text().injectNull(0.4), text().injectNull(0.4), emails().injectNull(0.4),
                Arbitraries.of(true, false).injectNull(0.3), text().injectNull(0.5)).as((title, nick, emails, active, dept) -> {
                    ObjectNode u = F.objectNode().put("userName", "placeholder");
                    if (title != null) u.put("title", title);
                    if (nick != null) u.put("nickName", nick);
                    if (emails != null) u.set("emails", emails);
                    if (active != null) u.put("active", active);
                    if (dept != null) u.putObject(ENT).put("department", dept);
                    return u;
                });
    }

    private Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.of("a", "B", "x@y", "Üñí", "", "  "), Arbitraries.strings().alpha().ofMaxLength(5));
    }

    private Arbitrary<ArrayNode> emails() {
        Arbitrary<ObjectNode> email = Combinators.combine(Arbitraries.of("work", "home", "other"), Arbitraries.of("a@x", "b@x", "c@x"),
                Arbitraries.of(true, false).injectNull(0.5)).as((t, v, p) -> {
                    ObjectNode e = F.objectNode().put("type", t).put("value", v);
                    if (p != null) e.put("primary", p);
                    return e;
                });
        return email.list().ofMinSize(1).ofMaxSize(3).uniqueElements(e -> e.get("type").asText()).map(list -> {
            ArrayNode a = F.arrayNode();
            boolean primary = false;
            for (ObjectNode e : list) {
                if (e.path("primary").asBoolean(false)) {
                    if (primary) e.put("primary", false);
                    primary = true;
                }
                a.add(e);
            }
            return a;
        });
    }

    @Provide
    Arbitrary<ArrayNode> operationLists() {
        Arbitrary<ObjectNode> op = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of("add", "replace", "Replace", "remove"),
                        Arbitraries.of("title", "nickName", "displayName", "name.givenName", "emails", "emails[type eq \"work\"].value",
                                "emails[type eq \"home\"]", "emails[value co \"@\"].primary", "active", ENT + ":department",
                                ENT + ":manager", "id", "meta.created", "shoeSize", "emails[type eq"),
                        value()).as((o, p, v) -> {
                            ObjectNode n = F.objectNode().put("op", o).put("path", p);
                            if (!o.equalsIgnoreCase("remove")) n.set("value", v);
                            return n;
                        }),
                Combinators.combine(Arbitraries.of("add", "replace"), text(), Arbitraries.of(true, false))
                        .as((o, t, a) -> {
                            ObjectNode n = F.objectNode().put("op", o);
                            n.putObject("value").put("title", t).put("active", a).put("name.familyName", t);
                            return n;
                        }));
        return op.list().ofMinSize(1).ofMaxSize(4).map(list -> {
            ArrayNode a = F.arrayNode();
            list.forEach(a::add);
            return a;
        });
    }

    private Arbitrary<JsonNode> value() {
        return Arbitraries.oneOf(
                text().map(s -> (JsonNode) F.textNode(s)),
                Arbitraries.of("True", "false").map(s -> (JsonNode) F.textNode(s)),
                Arbitraries.of(true, false).map(b -> (JsonNode) F.booleanNode(b)),
                emails().map(e -> (JsonNode) e),
                Arbitraries.just(F.objectNode().put("value", "m1")),
                Arbitraries.just(F.numberNode(7)));
    }
}
