package dev.roster.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.path.PatchPath;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reads a PatchOp message (RFC 7644 §3.5.2) into operations; an empty list is a valid no-op request. */
public final class PatchRequest {
    /**
     * The most operations one PATCH may hold. IdPs send one per changed attribute (Entra's validator, the most
     * seen, about 40) and many members in one operation's value; each operation may look at every value of the
     * attribute it names, so their number bounds what one request costs.
     */
    public static final int MAX_OPERATIONS = 1000;

    private PatchRequest() {}

    public static List<PatchOperation> parse(JsonNode body) {
        List<PatchOperation> out = new ArrayList<>();
        int i = 0;
        for (JsonNode node : operations(body)) out.add(operation(node, i++));
        if (out.isEmpty()) throw ScimException.invalidValue("'Operations' must hold at least one operation");
        return out;
    }

    /** The raw operations of a PatchOp message, checked to be an array of objects (possibly empty). */
    public static List<JsonNode> operations(JsonNode body) {
        if (body == null || !body.isObject()) throw ScimException.invalidSyntax("a PATCH body must be a JSON object");
        JsonNode operations = field(body, "Operations");
        if (operations == null || operations.isNull()) {
            throw ScimException.invalidSyntax("a PATCH body needs an 'Operations' array");
        }
        if (!operations.isArray()) throw ScimException.invalidSyntax("'Operations' must be an array");
        if (operations.size() > MAX_OPERATIONS) {
            throw ScimException.invalidValue("a PATCH holds at most " + MAX_OPERATIONS + " operations; this one has " + operations.size()
                    + " (send several PATCHes, or many values in one operation)");
        }
        List<JsonNode> out = new ArrayList<>();
        int i = 0;
        for (JsonNode node : operations) {
            if (!node.isObject()) throw ScimException.invalidSyntax("Operations[" + i + "] must be a JSON object");
            out.add(node);
            i++;
        }
        return out;
    }

    /** One operation; message keys ("op", "path", "value") are matched without regard to case. */
    public static PatchOperation operation(JsonNode node, int index) {
        String where = "Operations[" + index + "]";
        if (!node.isObject()) throw ScimException.invalidSyntax(where + " must be a JSON object");
        JsonNode opNode = field(node, "op");
        PatchOperation.Op op = opNode != null && opNode.isTextual() ? PatchOperation.Op.fromWire(opNode.asText()) : null;
        if (op == null) {
            throw ScimException.invalidSyntax(where + ".op must be \"add\", \"replace\" or \"remove\"");
        }
        JsonNode pathNode = field(node, "path");
        PatchPath path = null;
        if (pathNode != null && !pathNode.isNull()) {
            if (!pathNode.isTextual()) throw ScimException.invalidPath(where + ".path must be a string");
            if (!pathNode.asText().isBlank()) path = PatchPath.parse(pathNode.asText());
        }
        JsonNode value = field(node, "value");
        if (op == PatchOperation.Op.REMOVE && path == null) {
            throw ScimException.noTarget(where + ": remove needs a path");
        }
        if (op == PatchOperation.Op.REMOVE && value != null && !value.isNull()) {
            // A value here would be ignored and the whole attribute removed: refuse rather than guess.
            throw ScimException.invalidSyntax(where + ": remove takes no value; select the values to remove with a filter path");
        }
        if (op != PatchOperation.Op.REMOVE) {
            if (value == null) throw ScimException.invalidValue(where + ": " + op.name().toLowerCase() + " needs a value");
            if (path == null && !value.isObject()) {
                throw ScimException.invalidValue(where + ": without a path, the value must be an object of attributes");
            }
        }
        return new PatchOperation(op, path, value);
    }

    /** Message keys are matched without regard to case, as attribute names are (RFC 7643 §2.1). */
    public static JsonNode field(JsonNode node, String name) {
        JsonNode exact = node.get(name);
        if (exact != null) return exact;
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
        }
        return null;
    }
}
