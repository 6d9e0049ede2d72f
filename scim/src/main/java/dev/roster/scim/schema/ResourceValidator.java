package dev.roster.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.roster.scim.ScimException;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns a client's resource body into the canonical document the server stores: attribute names in
 * their schema spelling, values of the schema's type, readOnly attributes and attributes no schema
 * defines dropped (RFC 7644 §3.3, §3.5.1: the server ignores them rather than failing the request).
 * The result never contains {@code id}, {@code meta} or {@code schemas}; the server adds those on read.
 */
public final class ResourceValidator {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /**
     * The most values a multi-valued attribute holds, but a group's members, which are rows of their own and not
     * part of the document. Far above what any directory has for one user (emails, roles, certificates), it bounds
     * what each PATCH operation costs, since one may look at every value of the attribute it names.
     */
    public static final int MAX_VALUES = 1000;

    private ResourceValidator() {}

    /** Validates a whole resource as sent in POST or PUT, or as left by a PATCH. */
    public static ObjectNode validate(ResourceType type, JsonNode body) {
        if (body == null || !body.isObject()) throw ScimException.invalidSyntax("the request body must be a JSON object");
        ObjectNode out = F.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            Schema extension = type.extension(key);
            if (extension != null) {
                ObjectNode ext = extensionObject(extension, field.getValue());
                if (ext != null && !ext.isEmpty()) out.set(extension.id(), ext);
                continue;
            }
            if (key.equalsIgnoreCase("externalId")) {
                JsonNode v = scalar(SchemaRegistry.common("externalId"), field.getValue(), "externalId");
                if (v != null) out.set("externalId", v);
                continue;
            }
            AttributeDefinition def = type.schema().attribute(key);
            if (def == null || def.mutability() == Mutability.READ_ONLY) continue;
            JsonNode v = value(def, field.getValue(), def.name());
            if (v != null) out.set(def.name(), v);
        }
        for (AttributeDefinition def : type.schema().attributes()) {
            if (def.required() && isAbsent(out.get(def.name()))) {
                throw ScimException.invalidValue("'" + def.name() + "' is required");
            }
        }
        return out;
    }

    private static boolean isAbsent(JsonNode v) {
        return v == null || v.isNull() || (v.isTextual() && v.asText().isBlank());
    }

    private static ObjectNode extensionObject(Schema extension, JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isObject()) throw ScimException.invalidValue("'" + extension.id() + "' must be a JSON object");
        ObjectNode out = F.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            AttributeDefinition def = extension.attribute(field.getKey());
            if (def == null || def.mutability() == Mutability.READ_ONLY) continue;
            JsonNode v = value(def, field.getValue(), extension.id() + ":" + def.name());
            if (v != null) out.set(def.name(), v);
        }
        return out;
    }

    /** A value of {@code def}, or null when it is unassigned (null, empty array, empty object). */
    public static JsonNode value(AttributeDefinition def, JsonNode node, String where) {
        if (node == null || node.isNull()) return null;
        if (def.multiValued()) {
            ArrayNode out = F.arrayNode();
            // A single value where an array belongs is taken as an array of one.
            Iterable<JsonNode> items = node.isArray() ? node : java.util.List.of(node);
            int primaries = 0;
            for (JsonNode item : items) {
                JsonNode v = single(def, item, where);
                if (v == null) continue;
                if (v.isObject() && v.path("primary").asBoolean(false)) primaries++;
                out.add(v);
            }
            if (primaries > 1) throw ScimException.invalidValue("at most one of '" + where + "' may be primary");
            checkValueCount(def, out.size(), where);
            return out.isEmpty() ? null : out;
        }
        if (node.isArray()) throw ScimException.invalidValue("'" + where + "' is single-valued, not an array");
        return single(def, node, where);
    }

    /** Fails with invalidValue when a multi-valued attribute other than members holds more than {@link #MAX_VALUES}. */
    public static void checkValueCount(AttributeDefinition def, int count, String where) {
        if (count > MAX_VALUES && !def.name().equals("members")) {
            throw ScimException.invalidValue("'" + where + "' holds " + count + " values; Roster keeps at most " + MAX_VALUES);
        }
    }

    private static JsonNode single(AttributeDefinition def, JsonNode node, String where) {
        if (node == null || node.isNull()) return null;
        if (!def.isComplex()) return scalar(def, node, where);
        if (!node.isObject()) throw ScimException.invalidValue("'" + where + "' must be a JSON object");
        ObjectNode out = F.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            AttributeDefinition sub = def.subAttribute(field.getKey());
            if (sub == null || sub.mutability() == Mutability.READ_ONLY) continue;
            JsonNode v = scalar(sub, field.getValue(), where + "." + sub.name());
            if (v != null) out.set(sub.name(), v);
        }
        return out.isEmpty() ? null : out;
    }

    /**
     * A simple value of the attribute's type. A number or boolean where a string belongs is taken as its
     * text (an employeeNumber sent as 42); other mismatches are errors. IdP habits such as "True" for
     * true are rewritten before this, by the rules in {@code dev.roster.scim.dialect}.
     */
    public static JsonNode scalar(AttributeDefinition def, JsonNode node, String where) {
        if (node == null || node.isNull()) return null;
        switch (def.type()) {
            case BOOLEAN:
                if (node.isBoolean()) return node;
                throw ScimException.invalidValue("'" + where + "' must be a boolean");
            case INTEGER:
                if (node.isIntegralNumber()) return node;
                if (node.isNumber() && node.decimalValue().stripTrailingZeros().scale() <= 0) return F.numberNode(node.decimalValue().toBigInteger());
                throw ScimException.invalidValue("'" + where + "' must be an integer");
            case DECIMAL:
                if (node.isNumber()) return node;
                throw ScimException.invalidValue("'" + where + "' must be a number");
            case DATE_TIME:
                if (node.isTextual()) {
                    try {
                        OffsetDateTime.parse(node.asText());
                        return node;
                    } catch (DateTimeParseException e) {
                        throw ScimException.invalidValue("'" + where + "' must be an xsd:dateTime such as 2026-01-31T12:00:00Z");
                    }
                }
                throw ScimException.invalidValue("'" + where + "' must be an xsd:dateTime string");
            case COMPLEX:
                throw ScimException.invalidValue("'" + where + "' must be a JSON object");
            default:
                if (node.isTextual()) return node;
                if (node.isNumber() || node.isBoolean()) return TextNode.valueOf(node.asText());
                throw ScimException.invalidValue("'" + where + "' must be a string");
        }
    }
}
