package dev.roster.scim.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;

import java.util.List;
import java.util.Locale;

/**
 * Microsoft Entra ID sends {@code "op": "Replace"}, {@code "Add"}, {@code "Remove"}
 * (e.g. {@code {"op":"Replace","path":"active","value":"False"}}); RFC 7644 spells them in lower case.
 */
final class CaseInsensitiveOp implements IdpRule {
    @Override public String name() { return "case-insensitive-op"; }

    @Override public String description() { return "accept \"Add\", \"Replace\", \"Remove\" as PATCH ops (Entra ID)"; }

    @Override
    public List<ObjectNode> rewriteOperation(ObjectNode op, ResourceType type, SchemaRegistry registry, ObjectNode current) {
        JsonNode o = op.get("op");
        if (o != null && o.isTextual()) op.put("op", o.asText().toLowerCase(Locale.ROOT));
        return List.of(op);
    }
}
