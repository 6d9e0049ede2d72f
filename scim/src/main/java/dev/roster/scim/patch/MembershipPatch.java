package dev.roster.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.SchemaUris;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.FilterBinder;
import dev.roster.scim.filter.Operator;
import dev.roster.scim.path.AttributePath;
import dev.roster.scim.path.PatchPath;
import dev.roster.scim.schema.AttributeDefinition;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Splits a Group PATCH into member changes and the rest. Members are not part of the stored
 * document: each change becomes a set operation on membership rows, never a rewrite of the list.
 */
public final class MembershipPatch {
    private final List<PatchOperation> documentOperations;
    private final List<MemberChange> memberChanges;

    private MembershipPatch(List<PatchOperation> documentOperations, List<MemberChange> memberChanges) {
        this.documentOperations = documentOperations;
        this.memberChanges = memberChanges;
    }

    public List<PatchOperation> documentOperations() { return documentOperations; }

    public List<MemberChange> memberChanges() { return memberChanges; }

    /** @param members the Group schema's {@code members} definition */
    public static MembershipPatch split(List<PatchOperation> operations, AttributeDefinition members) {
        List<PatchOperation> rest = new ArrayList<>();
        List<MemberChange> changes = new ArrayList<>();
        for (PatchOperation op : operations) {
            if (op.path() == null) {
                ObjectNode others = op.value().deepCopy();
                JsonNode memberValue = null;
                Iterator<Map.Entry<String, JsonNode>> it = others.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (isMembers(e.getKey())) {
                        memberValue = e.getValue();
                        it.remove();
                    }
                }
                // Okta's group push may send {"op":"replace","value":{"members":[...]}}.
                if (memberValue != null) changes.add(withValue(op.op(), memberValue));
                if (!others.isEmpty()) rest.add(new PatchOperation(op.op(), null, others));
                continue;
            }
            if (!isMembers(op.path().attribute())) {
                rest.add(op);
                continue;
            }
            changes.add(withPath(op, members));
        }
        return new MembershipPatch(rest, changes);
    }

    private static boolean isMembers(String key) {
        return key.equalsIgnoreCase("members") || key.equalsIgnoreCase(SchemaUris.GROUP + ":members");
    }

    private static boolean isMembers(AttributePath path) {
        return path.attribute().equalsIgnoreCase("members")
                && (path.schemaUrn() == null || path.schemaUrn().equalsIgnoreCase(SchemaUris.GROUP));
    }

    private static MemberChange withPath(PatchOperation op, AttributeDefinition members) {
        PatchPath path = op.path();
        if (path.attribute().subAttribute() != null || path.subAttribute() != null) {
            throw ScimException.invalidPath("'" + path + "': members are changed whole; their sub-attributes are immutable");
        }
        if (path.valueFilter() == null) {
            if (op.op() == PatchOperation.Op.REMOVE) return new MemberChange.Replace(List.of());
            return withValue(op.op(), op.value());
        }
        if (op.op() != PatchOperation.Op.REMOVE) {
            throw ScimException.invalidPath("'" + path + "': a value filter on members can only remove them");
        }
        Filter bound = FilterBinder.bindWithin(path.valueFilter(), members);
        List<String> ids = new ArrayList<>();
        return valueEqualities(bound, ids) ? new MemberChange.Remove(ids) : new MemberChange.RemoveMatching(bound);
    }

    private static MemberChange withValue(PatchOperation.Op op, JsonNode value) {
        List<MemberChange.Member> list = members(value);
        return op == PatchOperation.Op.REPLACE ? new MemberChange.Replace(list) : new MemberChange.Add(list);
    }

    /** True when the filter is {@code value eq "a"} terms joined by {@code or}; collects the ids. */
    private static boolean valueEqualities(Filter f, List<String> ids) {
        if (f instanceof Filter.Or o) return valueEqualities(o.left(), ids) && valueEqualities(o.right(), ids);
        if (f instanceof Filter.Comparison c && c.op() == Operator.EQ && c.path().attribute().equals("value")
                && c.value().isTextual()) {
            ids.add(c.value().asText());
            return true;
        }
        return false;
    }

    /** Reads member references: an array (or one) of {"value": id, "type": ...}. */
    public static List<MemberChange.Member> members(JsonNode value) {
        List<MemberChange.Member> out = new ArrayList<>();
        if (value == null || value.isNull()) return out;
        Iterable<JsonNode> items = value.isArray() ? value : List.of(value);
        for (JsonNode item : items) {
            JsonNode id = item.isObject() ? PatchRequest.field(item, "value") : item;
            if (id == null || !id.isTextual() || id.asText().isBlank()) {
                throw ScimException.invalidValue("each member needs a \"value\" with the member's id");
            }
            JsonNode type = item.isObject() ? PatchRequest.field(item, "type") : null;
            String t = null;
            if (type != null && type.isTextual()) {
                if (type.asText().equalsIgnoreCase("User")) t = "User";
                else if (type.asText().equalsIgnoreCase("Group")) t = "Group";
                else throw ScimException.invalidValue("a member's type is \"User\" or \"Group\", not \"" + type.asText() + "\"");
            }
            out.add(new MemberChange.Member(id.asText(), t));
        }
        return out;
    }

}
