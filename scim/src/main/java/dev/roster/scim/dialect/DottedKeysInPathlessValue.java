package dev.roster.scim.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Entra ID (and the pingidentity/scim2 reports) send path-less values with paths for keys:
 * {@code {"op":"replace","value":{"name.familyName":"Lee","urn:…:enterprise:2.0:User:department":"Ops"}}}.
 * Each such key becomes an operation of its own with that path, in order, so it updates
 * {@code name.familyName} rather than creating a key named "name.familyName".
 */
final class DottedKeysInPathlessValue implements IdpRule {
    @Override public String name() { return "dotted-keys-in-pathless-value"; }

    @Override public String description() { return "read dotted and URN-qualified keys in a path-less PATCH value as paths (Entra ID)"; }

    @Override
    public List<ObjectNode> rewriteOperation(ObjectNode op, ResourceType type, SchemaRegistry registry, ObjectNode current) {
        ObjectNode value = Json.pathlessValue(op);
        if (value == null) return List.of(op);
        ObjectNode plain = Json.F.objectNode();
        List<ObjectNode> pathed = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = value.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            boolean isPath = type.extension(key) == null && (key.indexOf('.') >= 0 || key.indexOf(':') >= 0);
            if (isPath) pathed.add(Json.operation(Json.op(op), key, e.getValue()));
            else plain.set(key, e.getValue());
        }
        if (pathed.isEmpty()) return List.of(op);
        List<ObjectNode> out = new ArrayList<>();
        if (!plain.isEmpty()) out.add(Json.operation(Json.op(op), null, plain));
        out.addAll(pathed);
        return out;
    }
}
