package dev.roster.scim.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.FilterBinder;
import dev.roster.scim.filter.FilterEvaluator;
import dev.roster.scim.filter.Operator;
import dev.roster.scim.path.PatchPath;
import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.scim.schema.ResolvedAttribute;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;

import java.util.List;

/**
 * Entra ID sets {@code emails[type eq "work"].value} on a user that has no work email yet (its "Add
 * Attributes Verbose" test does this for emails, addresses, phone numbers and roles), meaning "create
 * it". RFC 7644 would answer noTarget. When nothing matches a filter made of {@code eq} terms joined by
 * {@code and}, the operation becomes an add of the value that filter describes.
 */
final class FilteredPathCreatesValue implements IdpRule {
    @Override public String name() { return "filtered-path-creates-value"; }

    @Override public String description() { return "create the value a filtered path names when none matches (Entra ID)"; }

    @Override
    public List<ObjectNode> rewriteOperation(ObjectNode op, ResourceType type, SchemaRegistry registry, ObjectNode current) {
        if (!(Json.isOp(op, "add") || Json.isOp(op, "replace")) || !op.has("value")) return List.of(op);
        PatchPath path = Json.path(op);
        if (path == null || path.valueFilter() == null) return List.of(op);
        ResolvedAttribute r = registry.resolve(type, path.attribute());
        if (r == null || r.isWholeExtension() || !r.attribute().multiValued() || !r.attribute().isComplex()) return List.of(op);
        AttributeDefinition attr = r.attribute();
        Filter bound;
        try {
            bound = FilterBinder.bindWithin(path.valueFilter(), attr);
        } catch (ScimException e) {
            return List.of(op);
        }
        JsonNode container = r.extension() ? current.path(r.schema().id()) : current;
        for (JsonNode element : container.path(attr.name())) {
            if (FilterEvaluator.matchesValue(bound, element, attr)) return List.of(op);
        }
        ObjectNode created = Json.F.objectNode();
        if (!equalities(bound, created)) return List.of(op);
        JsonNode value = op.get("value");
        if (path.subAttribute() != null) {
            AttributeDefinition sub = attr.subAttribute(path.subAttribute());
            if (sub == null) return List.of(op);
            created.set(sub.name(), value);
        } else if (value instanceof ObjectNode v) {
            created.setAll(v);
        } else {
            return List.of(op);
        }
        String attrPath = (r.extension() ? r.schema().id() + ":" : "") + attr.name();
        return List.of(Json.operation("add", attrPath, Json.F.arrayNode().add(created)));
    }

    private static boolean equalities(Filter f, ObjectNode into) {
        if (f instanceof Filter.And a) return equalities(a.left(), into) && equalities(a.right(), into);
        if (f instanceof Filter.Comparison c && c.op() == Operator.EQ && !c.value().isNull()) {
            into.set(c.path().attribute(), c.value());
            return true;
        }
        return false;
    }
}
