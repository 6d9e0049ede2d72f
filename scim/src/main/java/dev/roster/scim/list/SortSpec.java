package dev.roster.scim.list;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.filter.FilterEvaluator;
import dev.roster.scim.path.AttributePath;
import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.scim.schema.AttributeType;
import dev.roster.scim.schema.ResolvedAttribute;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;

import java.time.OffsetDateTime;
import java.util.Comparator;

/**
 * {@code sortBy} and {@code sortOrder} (RFC 7644 §3.4.2.3). Text sorts by the schema's case rule
 * (folded for caseExact false) in code point order; a multi-valued attribute sorts by its primary value,
 * else its first. Resources without a value sort last in either order; ties keep creation order.
 *
 * @param path       the canonical attribute path (a multi-valued complex attribute is its ".value")
 * @param descending true for {@code sortOrder=descending}
 */
public record SortSpec(AttributePath path, boolean descending) {

    /** Parses and checks the parameters; null when {@code sortBy} is absent. */
    public static SortSpec of(String sortBy, String sortOrder, ResourceType type, SchemaRegistry registry) {
        boolean descending = false;
        if (sortOrder != null && !sortOrder.isBlank()) {
            if (sortOrder.equalsIgnoreCase("descending")) descending = true;
            else if (!sortOrder.equalsIgnoreCase("ascending")) {
                throw ScimException.invalidValue("sortOrder is \"ascending\" or \"descending\", not \"" + sortOrder + "\"");
            }
        }
        if (sortBy == null || sortBy.isBlank()) return null;
        AttributePath parsed;
        try {
            parsed = AttributePath.parse(sortBy.trim());
        } catch (ScimException e) {
            throw ScimException.invalidValue("sortBy '" + sortBy + "' is not an attribute path");
        }
        ResolvedAttribute r = registry.resolve(type, parsed);
        if (r == null || r.isWholeExtension()) throw ScimException.invalidValue("sortBy '" + sortBy + "' is not an attribute of " + type.name());
        AttributeDefinition target = r.target();
        if (target.isComplex()) {
            AttributeDefinition value = r.subAttribute() == null ? target.subAttribute("value") : null;
            if (value == null) throw ScimException.invalidValue("sortBy '" + sortBy + "' is complex: name one of its sub-attributes");
            r = new ResolvedAttribute(r.schema(), r.attribute(), value, r.extension());
        }
        if (r.target().name().equals("password")) throw ScimException.invalidValue("sorting by password is not allowed");
        String urn = r.extension() ? r.schema().id() : null;
        return new SortSpec(new AttributePath(urn, r.attribute().name(), r.subAttribute() == null ? null : r.subAttribute().name()), descending);
    }

    /** The order this spec puts rendered resources in (the reference for the databases' ORDER BY). */
    public Comparator<JsonNode> comparator(ResourceType type, SchemaRegistry registry) {
        ResolvedAttribute r = registry.resolve(type, path);
        AttributeDefinition def = r.target();
        return (a, b) -> {
            Comparable<Object> ka = key(a, r, def);
            Comparable<Object> kb = key(b, r, def);
            if (ka == null || kb == null) return ka == null ? (kb == null ? 0 : 1) : -1;
            int c = ka.compareTo(kb);
            return descending ? -c : c;
        };
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> key(JsonNode resource, ResolvedAttribute r, AttributeDefinition def) {
        JsonNode container = r.extension() ? resource.path(r.schema().id()) : resource;
        JsonNode attr = container.get(r.attribute().name());
        JsonNode value = attr;
        if (attr != null && attr.isArray()) {
            value = null;
            for (JsonNode e : attr) if (e.path("primary").asBoolean(false)) value = e;
            if (value == null && !attr.isEmpty()) value = attr.get(0);
        }
        if (value != null && r.subAttribute() != null) value = value.get(r.subAttribute().name());
        if (value == null || value.isNull() || value.isMissingNode()) return null;
        Object key;
        if (def.type() == AttributeType.BOOLEAN) key = value.asBoolean();
        else if (def.type() == AttributeType.INTEGER || def.type() == AttributeType.DECIMAL) key = value.decimalValue();
        else if (def.type() == AttributeType.DATE_TIME) key = OffsetDateTime.parse(value.asText()).toInstant();
        else key = new StringKey(def.foldsCase() ? FilterEvaluator.fold(value.asText()) : value.asText());
        return (Comparable<Object>) key;
    }

    /** Text in code point order, which is the databases' byte order for UTF-8. */
    private record StringKey(String s) implements Comparable<Object> {
        @Override public int compareTo(Object o) { return FilterEvaluator.compareCodePoints(s, ((StringKey) o).s); }
    }
}
