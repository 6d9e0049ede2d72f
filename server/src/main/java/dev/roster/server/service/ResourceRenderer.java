package dev.roster.server.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.schema.ResourceType;
import dev.roster.server.store.MemberRef;
import dev.roster.server.store.StoredResource;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Builds the client's view of a stored resource: {@code schemas}, {@code id}, the document,
 * members or groups from the membership table, and {@code meta}.
 */
final class ResourceRenderer {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ResourceRenderer() {}

    /**
     * {@code compact} writes the memberships straight from their rows when the answer is serialised, for an
     * answer whose projection keeps them whole; otherwise they are nodes the projection can pick from.
     */
    static ObjectNode render(StoredResource r, ResourceType type, String baseUrl, List<MemberRef> memberships,
                             boolean compact) {
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
        if (memberships != null) {
            boolean group = type.name().equals("Group");
            // Okta and Entra expect the attribute to be there, empty, for a user in no group.
            MembershipsJson json = new MembershipsJson(memberships, baseUrl, group);
            if (compact) out.putPOJO(group ? "members" : "groups", json);
            else out.set(group ? "members" : "groups", json.toTree());
        }
        ObjectNode meta = out.putObject("meta");
        meta.put("resourceType", type.name());
        meta.put("created", r.created());
        meta.put("lastModified", r.lastModified());
        meta.put("location", location(baseUrl, type, r.id()));
        meta.put("version", ETags.of(r.version()));
        return out;
    }

    static String location(String baseUrl, ResourceType type, String id) {
        return baseUrl + type.endpoint() + "/" + id;
    }
}
