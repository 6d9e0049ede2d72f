package dev.roster.scim.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.path.PatchPath;
import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.scim.schema.AttributeType;
import dev.roster.scim.schema.ResolvedAttribute;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;

import java.util.List;

/**
 * Entra ID sends booleans as the strings "True" and "False": {@code "active":"False"} in bodies,
 * {@code {"op":"Replace","path":"active","value":"True"}} in PATCH, {@code "primary":"True"} in roles,
 * and filters such as {@code roles[primary eq "True"]}. Where the schema says boolean, they are booleans.
 */
final class BooleanStrings implements IdpRule {
    @Override public String name() { return "boolean-strings"; }

    @Override public String description() { return "read \"True\"/\"False\" as booleans where the schema says boolean (Entra ID)"; }

    @Override
    public void rewriteResource(ObjectNode body, ResourceType type, SchemaRegistry registry) {
        SchemaWalk.attributes(body, type, registry, BooleanStrings::rewrite);
    }

    @Override
    public List<ObjectNode> rewriteOperation(ObjectNode op, ResourceType type, SchemaRegistry registry, ObjectNode current) {
        JsonNode value = op.get("value");
        PatchPath path = Json.path(op);
        if (path == null) {
            ObjectNode pathless = Json.pathlessValue(op);
            if (pathless != null) rewriteResource(pathless, type, registry);
            return List.of(op);
        }
        ResolvedAttribute r = registry.resolve(type, path.attribute());
        if (r == null || r.isWholeExtension()) return List.of(op);
        if (path.valueFilter() != null) {
            Filter rewritten = withinValue(path.valueFilter(), r.attribute());
            if (!rewritten.equals(path.valueFilter())) {
                op.put("path", new PatchPath(path.attribute(), rewritten, path.subAttribute()).toString());
            }
        }
        AttributeDefinition target = path.subAttribute() != null ? r.attribute().subAttribute(path.subAttribute()) : r.target();
        if (value != null && target != null) {
            JsonNode v = rewrite(target, value);
            if (v != null) op.set("value", v);
        }
        return List.of(op);
    }

    @Override
    public Filter rewriteFilter(Filter f, ResourceType type, SchemaRegistry registry) {
        return f.mapLeaves(leaf -> {
            if (leaf instanceof Filter.ValuePath v) {
                ResolvedAttribute r = registry.resolve(type, v.path());
                return r == null || r.isWholeExtension() ? leaf : new Filter.ValuePath(v.path(), withinValue(v.filter(), r.attribute()));
            }
            if (leaf instanceof Filter.Comparison c) {
                ResolvedAttribute r = registry.resolve(type, c.path());
                return r == null || r.isWholeExtension() ? leaf : comparison(c, r.target());
            }
            return leaf;
        });
    }

    private static Filter withinValue(Filter f, AttributeDefinition parent) {
        return f.mapLeaves(leaf -> {
            if (leaf instanceof Filter.Comparison c && c.path().schemaUrn() == null && c.path().subAttribute() == null) {
                AttributeDefinition sub = parent.subAttribute(c.path().attribute());
                return sub == null ? leaf : comparison(c, sub);
            }
            return leaf;
        });
    }

    private static Filter comparison(Filter.Comparison c, AttributeDefinition def) {
        JsonNode b = rewrite(def, c.value());
        return b == c.value() ? c : new Filter.Comparison(c.path(), c.op(), b);
    }

    private static JsonNode rewrite(AttributeDefinition def, JsonNode value) {
        if (value == null) return null;
        if (def.type() == AttributeType.BOOLEAN && value.isTextual()) {
            String s = value.asText().trim();
            if (s.equalsIgnoreCase("true")) return BooleanNode.TRUE;
            if (s.equalsIgnoreCase("false")) return BooleanNode.FALSE;
            return value;
        }
        if (def.isComplex()) SchemaWalk.subAttributes(def, value, BooleanStrings::rewrite);
        return value;
    }

}
