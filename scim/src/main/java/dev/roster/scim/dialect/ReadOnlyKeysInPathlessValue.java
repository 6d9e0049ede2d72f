package dev.roster.scim.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.path.AttributePath;
import dev.roster.scim.schema.Mutability;
import dev.roster.scim.schema.ResolvedAttribute;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Okta renames a pushed group with {@code {"op":"replace","value":{"id":"…","displayName":"…"}}}, and
 * clients echo {@code meta} and {@code schemas} back: read-only keys in a path-less value are dropped
 * instead of failing the operation with a mutability error.
 */
final class ReadOnlyKeysInPathlessValue implements IdpRule {
    @Override public String name() { return "read-only-keys-in-pathless-value"; }

    @Override public String description() { return "ignore id, meta, schemas and other read-only keys in a path-less PATCH value (Okta)"; }

    @Override
    public List<ObjectNode> rewriteOperation(ObjectNode op, ResourceType type, SchemaRegistry registry, ObjectNode current) {
        ObjectNode value = Json.pathlessValue(op);
        if (value == null) return List.of(op);
        List<String> drop = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = value.fields();
        while (it.hasNext()) {
            String key = it.next().getKey();
            if (key.equalsIgnoreCase("schemas") || isReadOnly(key, type, registry)) drop.add(key);
        }
        drop.forEach(value::remove);
        return List.of(op);
    }

    private static boolean isReadOnly(String key, ResourceType type, SchemaRegistry registry) {
        if (type.extension(key) != null || key.indexOf('.') >= 0) return false;
        try {
            ResolvedAttribute r = registry.resolve(type, AttributePath.parse(key));
            return r != null && !r.isWholeExtension() && r.attribute().mutability() == Mutability.READ_ONLY;
        } catch (dev.roster.scim.ScimException e) {
            return false;
        }
    }
}
