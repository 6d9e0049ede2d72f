package dev.roster.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.path.PatchPath;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PatchEngineProperties {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final SchemaRegistry registry = SchemaRegistry.core();
    private final ResourceType user = registry.resourceType("User");
    private final PatchEngine engine = new PatchEngine(user, registry);

    /** Whatever the operations, the caller's document is never modified; failures change nothing. */
    @Property(tries = 300)
    void applyNeverTouchesItsInput(@ForAll("users") ObjectNode doc, @ForAll("operationLists") List<PatchOperation> ops) {
        ObjectNode before = doc.deepCopy();
        try {
            engine.apply(doc, ops);
        } catch (ScimException expected) {
            assertThat(expected.status()).isEqualTo(400);
        }
        assertThat(doc).isEqualTo(before);
    }

    /** A path-less replace of {attr: v} means the same as a replace with path attr. */
    @Property(tries = 200)
    void pathlessReplaceEqualsReplaceWithPath(@ForAll("users") ObjectNode doc, @ForAll("simpleAttributes") String attr,
                                              @ForAll("texts") String value) {
        ObjectNode withPath = engine.apply(doc, List.of(new PatchOperation(PatchOperation.Op.REPLACE,
                PatchPath.parse(attr), TextNode.valueOf(value))));
        ObjectNode pathless = engine.apply(doc, List.of(new PatchOperation(PatchOperation.Op.REPLACE, null,
                F.objectNode().put(attr, value))));
        assertThat(pathless).isEqualTo(withPath);
        assertThat(withPath.get(attr).asText()).isEqualTo(value);
    }

    /** Adding values twice gives what adding them once gives. */
    @Property(tries = 200)
    void addIsIdempotent(@ForAll("users") ObjectNode doc, @ForAll("emailLists") JsonNode emails) {
        List<PatchOperation> add = List.of(new PatchOperation(PatchOperation.Op.ADD, PatchPath.parse("emails"), emails));
        ObjectNode once = engine.apply(doc, add);
        assertThat(engine.apply(once, add)).isEqualTo(once);
    }

    @Provide
    Arbitrary<String> simpleAttributes() {
        return Arbitraries.of("displayName", "nickName", "title", "userType", "locale", "timezone", "preferredLanguage");
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(10);
    }

    @Provide
    Arbitrary<ObjectNode> users() {
        return Combinators.combine(texts(), texts().injectNull(0.3), emailLists().injectNull(0.3)).as((name, title, emails) -> {
            ObjectNode u = F.objectNode().put("userName", name);
            if (title != null) u.put("title", title);
            if (emails != null) u.set("emails", emails);
            return u;
        });
    }

    @Provide
    Arbitrary<JsonNode> emailLists() {
        Arbitrary<JsonNode> email = Combinators.combine(Arbitraries.of("work", "home", "other"), Arbitraries.of("a@x", "b@y", "c@z"))
                .as((t, v) -> (JsonNode) F.objectNode().put("type", t).put("value", v));
        return email.list().ofMinSize(1).ofMaxSize(3).uniqueElements().map(list -> {
            var array = F.arrayNode();
            list.forEach(array::add);
            return array;
        });
    }

    @Provide
    Arbitrary<List<PatchOperation>> operationLists() {
        Arbitrary<PatchOperation.Op> op = Arbitraries.of(PatchOperation.Op.class);
        Arbitrary<String> path = Arbitraries.of("title", "displayName", "emails", "emails[type eq \"work\"]",
                "emails[type eq \"home\"].value", "name.givenName", "id", "active", "nickName", "emails[value co \"@\"].type");
        Arbitrary<JsonNode> value = Arbitraries.oneOf(texts().map(s -> (JsonNode) TextNode.valueOf(s)), emailLists(),
                Arbitraries.just(F.objectNode().put("value", "v@w")), Arbitraries.just(F.booleanNode(true)));
        Arbitrary<PatchOperation> operation = Combinators.combine(op, path, value)
                .as((o, p, v) -> new PatchOperation(o, PatchPath.parse(p), o == PatchOperation.Op.REMOVE ? null : v));
        return operation.list().ofMinSize(1).ofMaxSize(4);
    }
}
