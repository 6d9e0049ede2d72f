package dev.roster.scim.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.roster.scim.path.PatchPath;
import dev.roster.scim.schema.ResolvedAttribute;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;

import java.util.ArrayList;
import java.util.List;

/**
 * Entra ID (without aadOptscim062020) and JumpCloud remove group members with a value array:
 * {@code {"op":"Remove","path":"members","value":[{"value":"u1091"}]}}. RFC 7644 selects values with a
 * filter; each listed value becomes {@code remove members[value eq "u1091"]}.
 */
final class RemoveByValueArray implements IdpRule {
    @Override public String name() { return "remove-by-value-array"; }

    @Override public String description() { return "read remove with a value array as removal of those values (Entra ID, JumpCloud)"; }

    @Override
    public List<ObjectNode> rewriteOperation(ObjectNode op, ResourceType type, SchemaRegistry registry, ObjectNode current) {
        JsonNode value = op.get("value");
        PatchPath path = Json.path(op);
        if (!Json.isOp(op, "remove") || value == null || value.isNull() || path == null || path.valueFilter() != null
                || path.attribute().subAttribute() != null) {
            return List.of(op);
        }
        ResolvedAttribute r = registry.resolve(type, path.attribute());
        if (r == null || r.isWholeExtension() || !r.attribute().multiValued() || !r.attribute().isComplex()) return List.of(op);
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode item : value.isArray() ? value : List.of(value)) {
            JsonNode id = item.isObject() ? item.get("value") : item;
            if (id == null || !id.isValueNode() || id.isNull()) return List.of(op);
            String filter = "[value eq " + TextNode.valueOf(id.asText()) + "]";
            out.add(Json.operation("remove", op.get("path").asText() + filter, null));
        }
        return out;
    }
}
