package dev.roster.scim.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.path.AttributePath;
import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.scim.schema.ResolvedAttribute;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.Schema;
import dev.roster.scim.schema.SchemaRegistry;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Visits the attribute values of a resource body (or a path-less PATCH value) with their definitions,
 * so a rule can rewrite a value in place without knowing the document's shape.
 */
final class SchemaWalk {
    private SchemaWalk() {}

    /** Rewrites one attribute's value; returns the new value, the same one, or null to remove the key. */
    interface Rewrite {
        JsonNode apply(AttributeDefinition def, JsonNode value);
    }

    /** Applies {@code rewrite} to every known top-level and extension attribute of {@code body}. */
    static void attributes(ObjectNode body, ResourceType type, SchemaRegistry registry, Rewrite rewrite) {
        List<String> keys = new ArrayList<>();
        body.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            Schema extension = type.extension(key);
            if (extension != null) {
                if (body.get(key) instanceof ObjectNode ext) {
                    List<String> extKeys = new ArrayList<>();
                    ext.fieldNames().forEachRemaining(extKeys::add);
                    for (String k : extKeys) {
                        AttributeDefinition def = extension.attribute(k);
                        if (def != null) set(ext, k, rewrite.apply(def, ext.get(k)));
                    }
                }
                continue;
            }
            if (key.indexOf('.') >= 0 || key.indexOf(':') >= 0) continue;
            ResolvedAttribute r = registry.resolve(type, AttributePath.of(key));
            if (r != null && !r.isWholeExtension()) set(body, key, rewrite.apply(r.attribute(), body.get(key)));
        }
    }

    /** Applies {@code rewrite} to each sub-attribute of a complex value, or of each element of an array of them. */
    static void subAttributes(AttributeDefinition def, JsonNode value, Rewrite rewrite) {
        if (value instanceof ArrayNode array) {
            for (JsonNode e : array) subAttributes(def, e, rewrite);
            return;
        }
        if (!(value instanceof ObjectNode obj)) return;
        List<String> keys = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
        while (it.hasNext()) keys.add(it.next().getKey());
        for (String k : keys) {
            AttributeDefinition sub = def.subAttribute(k);
            if (sub != null) set(obj, k, rewrite.apply(sub, obj.get(k)));
        }
    }

    private static void set(ObjectNode node, String key, JsonNode value) {
        if (value == null) node.remove(key);
        else node.set(key, value);
    }
}
