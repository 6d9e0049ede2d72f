package dev.roster.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.SchemaUris;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads schema definitions (where omitted characteristics take the RFC 7643 §2.2 defaults) and
 * writes them back in full as the discovery documents of RFC 7643 §6 and §7.
 */
public final class SchemaJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SchemaJson() {}

    static Schema readSchema(JsonNode node) {
        return new Schema(node.path("id").asText(), node.path("name").asText(), node.path("description").asText(),
                readAttributes(node.path("attributes")));
    }

    private static List<AttributeDefinition> readAttributes(JsonNode array) {
        List<AttributeDefinition> out = new ArrayList<>();
        for (JsonNode a : array) {
            out.add(new AttributeDefinition(
                    a.path("name").asText(),
                    AttributeType.fromWire(a.path("type").asText("string")),
                    a.path("multiValued").asBoolean(false),
                    a.path("description").asText(null),
                    a.path("required").asBoolean(false),
                    a.path("caseExact").asBoolean(false),
                    Mutability.fromWire(a.path("mutability").asText("readWrite")),
                    Returned.fromWire(a.path("returned").asText("default")),
                    Uniqueness.fromWire(a.path("uniqueness").asText("none")),
                    strings(a.path("canonicalValues")),
                    strings(a.path("referenceTypes")),
                    readAttributes(a.path("subAttributes"))));
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : array) out.add(s.asText());
        return out;
    }

    /** The Schema resource (RFC 7643 §7); {@code baseUrl} is the SCIM root, e.g. https://host/scim/v2. */
    public static ObjectNode schemaDocument(Schema schema, String baseUrl) {
        ObjectNode doc = F.objectNode();
        doc.putArray("schemas").add(SchemaUris.SCHEMA);
        doc.put("id", schema.id());
        doc.put("name", schema.name());
        doc.put("description", schema.description());
        ArrayNode attrs = doc.putArray("attributes");
        for (AttributeDefinition a : schema.attributes()) attrs.add(attributeDocument(a));
        ObjectNode meta = doc.putObject("meta");
        meta.put("resourceType", "Schema");
        meta.put("location", baseUrl + "/Schemas/" + schema.id());
        return doc;
    }

    private static ObjectNode attributeDocument(AttributeDefinition a) {
        ObjectNode n = F.objectNode();
        n.put("name", a.name());
        n.put("type", a.type().wire());
        n.put("multiValued", a.multiValued());
        if (a.description() != null) n.put("description", a.description());
        n.put("required", a.required());
        if (!a.isComplex()) n.put("caseExact", a.caseExact());
        if (!a.canonicalValues().isEmpty()) {
            ArrayNode cv = n.putArray("canonicalValues");
            a.canonicalValues().forEach(cv::add);
        }
        if (!a.referenceTypes().isEmpty()) {
            ArrayNode rt = n.putArray("referenceTypes");
            a.referenceTypes().forEach(rt::add);
        }
        n.put("mutability", a.mutability().wire());
        n.put("returned", a.returned().wire());
        n.put("uniqueness", a.uniqueness().wire());
        if (a.isComplex()) {
            ArrayNode subs = n.putArray("subAttributes");
            for (AttributeDefinition s : a.subAttributes()) subs.add(attributeDocument(s));
        }
        return n;
    }

    /** The ResourceType resource (RFC 7643 §6). */
    public static ObjectNode resourceTypeDocument(ResourceType type, String baseUrl) {
        ObjectNode doc = F.objectNode();
        doc.putArray("schemas").add(SchemaUris.RESOURCE_TYPE);
        doc.put("id", type.name());
        doc.put("name", type.name());
        doc.put("endpoint", type.endpoint());
        doc.put("description", type.description());
        doc.put("schema", type.schema().id());
        ArrayNode exts = doc.putArray("schemaExtensions");
        for (ResourceType.Extension e : type.extensions()) {
            exts.addObject().put("schema", e.schema().id()).put("required", e.required());
        }
        ObjectNode meta = doc.putObject("meta");
        meta.put("resourceType", "ResourceType");
        meta.put("location", baseUrl + "/ResourceTypes/" + type.name());
        return doc;
    }
}
