package dev.roster.server.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.schema.ResourceType;
import dev.roster.server.store.StoredResource;

import java.util.Iterator;
import java.util.Map;

/**
 * Builds the client's view of a stored resource: {@code schemas}, {@code id}, the document and {@code meta};
 * a group's members or a user's groups join it once it is projected.
 */
final class ResourceRenderer {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ResourceRenderer() {}

    static ObjectNode render(StoredResource r, ResourceType type, String baseUrl) {
        ObjectNode out = F.objectNode();
        ArrayNode schemas = out.putArray("schemas").add(type.schema().id());
        for (ResourceType.Extension ext : type.extensions()) {
            if (r.document().has(ext.schema().id())) schemas.add(ext.schema().id());
        }
        out.put("id", r.id());
        Iterator<Map.Entry<String, JsonNode>> fields = r.document().fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            out.set(f.getKey(), f.getValue());
        }
        ObjectNode meta = out.putObject("meta");
        meta.put("resourceType", type.name());
        meta.put("created", r.created());
        meta.put("lastModified", r.lastModified());
        meta.put("location", location(baseUrl, type, r.id()));
        meta.put("version", ETags.of(r.version()));
        return out;
    }

    /** Adds {@code members} or {@code groups} to a projected resource, before its {@code meta} as in a full one. */
    static void putMemberships(ObjectNode projected, String name, MembershipsJson memberships) {
        JsonNode meta = projected.remove("meta");
        projected.putPOJO(name, memberships);
        if (meta != null) projected.set("meta", meta);
    }

    static String location(String baseUrl, ResourceType type, String id) {
        return baseUrl + type.endpoint() + "/" + id;
    }
}
