package dev.roster.scim.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.SchemaUris;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * OneLogin's SCIM JSON templates put the enterprise extension under
 * {@code "urn:scim:schemas:extension:enterprise:2.0"}, the pre-RFC name; this reads it as
 * {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User}.
 */
final class LegacyEnterpriseUrn implements IdpRule {
    static final String LEGACY = "urn:scim:schemas:extension:enterprise:2.0";

    @Override public String name() { return "legacy-enterprise-urn"; }

    @Override public String description() { return "read \"" + LEGACY + "\" as the enterprise extension (OneLogin templates)"; }

    @Override
    public void rewriteResource(ObjectNode body, ResourceType type, SchemaRegistry registry) {
        if (type.extension(SchemaUris.ENTERPRISE_USER) == null) return;
        List<String> legacyKeys = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = body.fields();
        while (it.hasNext()) {
            String key = it.next().getKey();
            if (key.equalsIgnoreCase(LEGACY)) legacyKeys.add(key);
        }
        for (String key : legacyKeys) {
            JsonNode legacy = body.remove(key);
            if (!body.has(SchemaUris.ENTERPRISE_USER)) body.set(SchemaUris.ENTERPRISE_USER, legacy);
        }
    }

    @Override
    public List<ObjectNode> rewriteOperation(ObjectNode op, ResourceType type, SchemaRegistry registry, ObjectNode current) {
        ObjectNode value = Json.pathlessValue(op);
        if (value != null) rewriteResource(value, type, registry);
        return List.of(op);
    }
}
