package dev.roster.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.filter.FilterEvaluator;
import dev.roster.scim.schema.ResolvedAttribute;

import java.util.ArrayList;
import java.util.List;

/**
 * The multi-valued sub-attributes copied into {@code resource_values} for indexed lookups. Only those
 * IdPs look up are here: a copy costs a write per value.
 */
final class IndexedValues {
    static final String EMAILS_VALUE = "emails.value";

    private IndexedValues() {}

    /** The attribute key of an indexed path, or null when the path is not indexed this way. */
    static String key(String resourceType, ResolvedAttribute r) {
        if (r.extension() || r.isCommon() || r.subAttribute() == null) return null;
        String dotted = r.dottedName();
        return resourceType.equals("User") && dotted.equals(EMAILS_VALUE) ? EMAILS_VALUE : null;
    }

    /** One row of {@code resource_values}: an indexed attribute and one of its values, folded. */
    record Value(String attribute, String folded) {}

    /** The folded values of every indexed attribute in a document, in document order. */
    static List<Value> of(String resourceType, ObjectNode doc) {
        List<Value> out = new ArrayList<>();
        if (!resourceType.equals("User")) return out;
        for (JsonNode email : doc.path("emails")) {
            JsonNode v = email.get("value");
            if (v != null && v.isTextual()) out.add(new Value(EMAILS_VALUE, FilterEvaluator.fold(v.asText())));
        }
        return out;
    }
}
