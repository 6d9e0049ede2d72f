package dev.roster.scim.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.path.PatchPath;
import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.scim.schema.ResolvedAttribute;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;

import java.util.List;

/**
 * Entra ID sends the enterprise {@code manager} as a plain string, in PATCH
 * ({@code {"op":"Add","path":"urn:…:User:manager","value":"271"}}) and in bodies
 * ({@code "manager":"myuser"}), and removes it with {@code {"value":""}}. A bare value where a complex
 * attribute with a "value" sub-attribute belongs is that sub-attribute; an empty one removes the attribute, as
 * does an object whose parts are all empty ({@code {"value":"","displayName":""}} from OneLogin's templates), and
 * {@code ""} for any complex attribute ({@code "name":""}) is no value, nor is a value of a multi-valued one whose
 * parts are all empty ({@code "phoneNumbers":[{"value":"","type":""}]}).
 * Entra's tutorial also sends the manager as a list of one ({@code "value":[{"$ref":…,"value":"…"}]}): one
 * value in a list, for a single-valued complex attribute, is that value. Where a multi-valued one belongs, bare
 * values ({@code "emails":"a@example.com"} or {@code ["a@example.com"]}) are its values' "value".
 */
final class BareValueForComplex implements IdpRule {
    @Override public String name() { return "bare-value-for-complex"; }

    @Override public String description() { return "read manager: \"id\" or [{\"value\":\"id\"}] as {\"value\":\"id\"}, and an empty value as removal (Entra ID); emails: \"a@x\" as [{\"value\":\"a@x\"}]; \"\" for a complex attribute as none"; }

    @Override
    public void rewriteResource(ObjectNode body, ResourceType type, SchemaRegistry registry) {
        SchemaWalk.attributes(body, type, registry, (def, value) -> rewrite(def, value, true));
    }

    @Override
    public List<ObjectNode> rewriteOperation(ObjectNode op, ResourceType type, SchemaRegistry registry, ObjectNode current) {
        JsonNode value = op.get("value");
        if (value == null) return List.of(op);
        PatchPath path = Json.path(op);
        if (path == null) {
            ObjectNode pathless = Json.pathlessValue(op);
            if (pathless != null) rewriteResource(pathless, type, registry);
            return List.of(op);
        }
        if (path.valueFilter() != null || path.attribute().subAttribute() != null) return List.of(op);
        ResolvedAttribute r = registry.resolve(type, path.attribute());
        if (r == null || r.isWholeExtension()) return List.of(op);
        JsonNode rewritten = rewrite(r.attribute(), value, false);
        if (rewritten == null || rewritten.isNull()) {
            // Entra's {"op":"Replace","path":"…:manager","value":{"value":""}}: remove the manager.
            return List.of(Json.operation("remove", op.get("path").asText(), null));
        }
        op.set("value", rewritten);
        return List.of(op);
    }

    /** {@code inBody}: a POST or PUT body, or a path-less PATCH value, where a key with no value is unassigned. */
    private static JsonNode rewrite(AttributeDefinition def, JsonNode value, boolean inBody) {
        if (!def.isComplex() || value == null) return value;
        // "" is no value of a complex attribute (templates send it for a field they could not fill): unassigned. A
        // PATCH operation that sets a multi-valued one to "" is left to fail, rather than read as removing them all.
        if (isEmptyText(value) && (inBody || !def.multiValued())) return NullNode.instance;
        // So is a value of a multi-valued one with every part empty ({"type":"","value":""}).
        if (inBody && value instanceof ArrayNode values) dropEmptyValues(values);
        if (def.subAttribute("value") == null) return value;
        if (def.multiValued()) {
            if (value.isValueNode() && !value.isNull() && !value.asText().isEmpty()) {
                return Json.F.arrayNode().add(Json.F.objectNode().set("value", value));
            }
            if (value instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    if (array.get(i).isValueNode() && !array.get(i).isNull()) array.set(i, Json.F.objectNode().set("value", array.get(i)));
                }
            }
            return value;
        }
        if (value instanceof ArrayNode list && list.size() == 1 && !list.get(0).isArray()) value = list.get(0);
        if (value.isValueNode() && !value.isNull()) {
            return value.asText().isEmpty() ? NullNode.instance : Json.F.objectNode().set("value", value);
        }
        if (value instanceof ObjectNode obj && isEmptyText(obj.get("value")) && allEmpty(obj)) return NullNode.instance;
        return value;
    }

    private static void dropEmptyValues(ArrayNode values) {
        for (int i = values.size() - 1; i >= 0; i--) {
            JsonNode v = values.get(i);
            if (isEmptyText(v) || v instanceof ObjectNode obj && !obj.isEmpty() && allEmpty(obj)) values.remove(i);
        }
    }

    /** Every part empty or null, as a template sends a reference whose fields it could not fill (OneLogin's). */
    private static boolean allEmpty(ObjectNode obj) {
        for (JsonNode v : obj) if (!v.isNull() && !isEmptyText(v)) return false;
        return true;
    }

    private static boolean isEmptyText(JsonNode v) {
        return v != null && v.isTextual() && v.asText().isEmpty();
    }
}
