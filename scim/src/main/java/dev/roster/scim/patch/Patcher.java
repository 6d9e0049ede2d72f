package dev.roster.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.dialect.IdpDialect;
import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A whole PATCH request: each operation goes through the directory's IdP rules, then to the engine,
 * one at a time, so that a rule sees what the operations before it did. Group member operations are
 * split off as member changes. Nothing is changed in place: the result is a new document.
 */
public final class Patcher {
    private Patcher() {}

    /** The patched document, and the member changes to apply beside it (Groups only). */
    public record Result(ObjectNode document, List<MemberChange> memberChanges) {}

    public static Result apply(JsonNode body, ResourceType type, SchemaRegistry registry, IdpDialect dialect, ObjectNode document) {
        List<JsonNode> raw = PatchRequest.operations(body);
        if (raw.isEmpty()) {
            if (dialect.acceptsEmptyOperations()) return new Result(document, List.of());
            throw ScimException.invalidValue("'Operations' must hold at least one operation");
        }
        PatchEngine engine = new PatchEngine(type, registry);
        AttributeDefinition members = type.name().equals("Group") ? type.schema().attribute("members") : null;
        // One copy for the whole request, changed in place: a failing operation throws it away with the rest.
        ObjectNode doc = document.deepCopy();
        List<MemberChange> changes = new ArrayList<>();
        int index = 0;
        for (JsonNode node : raw) {
            for (ObjectNode rewritten : dialect.operation(lowerCaseKeys(node), type, registry, doc)) {
                PatchOperation op = PatchRequest.operation(rewritten, index);
                List<PatchOperation> forDocument = List.of(op);
                if (members != null) {
                    MembershipPatch split = MembershipPatch.split(forDocument, members);
                    changes.addAll(split.memberChanges());
                    forDocument = split.documentOperations();
                }
                for (PatchOperation o : forDocument) engine.applyInPlace(doc, o);
            }
            index++;
        }
        return new Result(doc, MemberChange.coalesced(changes));
    }

    /** Message attribute names are case-insensitive (RFC 7643 §2.1): "Op", "Path", "Value" are read as such. */
    private static ObjectNode lowerCaseKeys(JsonNode node) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey().toLowerCase(Locale.ROOT);
            out.set(key.equals("op") || key.equals("path") || key.equals("value") ? key : e.getKey(), e.getValue().deepCopy());
        }
        return out;
    }
}
