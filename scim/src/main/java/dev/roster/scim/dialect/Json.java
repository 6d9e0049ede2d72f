package dev.roster.scim.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.path.PatchPath;

/** Small helpers the rules share for reading raw PATCH operations. */
final class Json {
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Json() {}

    static String op(ObjectNode op) {
        JsonNode n = op.get("op");
        return n != null && n.isTextual() ? n.asText() : "";
    }

    static boolean isOp(ObjectNode op, String name) { return op(op).equals(name); }

    /** The operation's parsed path, or null when it has none or it does not parse (the strict code reports that). */
    static PatchPath path(ObjectNode op) {
        JsonNode p = op.get("path");
        if (p == null || !p.isTextual() || p.asText().isBlank()) return null;
        try {
            return PatchPath.parse(p.asText());
        } catch (ScimException e) {
            return null;
        }
    }

    /** The value object of a path-less operation (its attributes are the targets), or null for any other. */
    static ObjectNode pathlessValue(ObjectNode op) {
        return !op.has("path") && op.get("value") instanceof ObjectNode value ? value : null;
    }

    static ObjectNode operation(String op, String path, JsonNode value) {
        ObjectNode o = F.objectNode().put("op", op);
        if (path != null) o.put("path", path);
        if (value != null) o.set("value", value);
        return o;
    }
}
