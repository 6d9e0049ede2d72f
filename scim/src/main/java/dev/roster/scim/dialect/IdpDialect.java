package dev.roster.scim.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.list.Projection;
import dev.roster.scim.path.AttributePath;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The IdP rules a directory accepts, in the order they apply. The default accepts every known IdP;
 * a directory can switch rules off one by one, or all of them (strict RFC 7643/7644).
 */
public final class IdpDialect {
    private static final List<IdpRule> ALL = List.of(
            new CaseInsensitiveOp(),
            new EmptyOperations(),
            new LegacyEnterpriseUrn(),
            new ReadOnlyKeysInPathlessValue(),
            new DottedKeysInPathlessValue(),
            new UnqualifiedExtensionNames(),
            new BareValueForComplex(),
            new BooleanStrings(),
            new RemoveByValueArray(),
            new FilteredPathCreatesValue());

    /** Every rule on: what Okta, Entra ID, OneLogin, JumpCloud and PingOne need. */
    public static final IdpDialect DEFAULT = new IdpDialect(ALL);

    private final List<IdpRule> rules;

    private IdpDialect(List<IdpRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Every rule Roster knows, enabled or not. */
    public static List<IdpRule> known() { return ALL; }

    /** The default with the named rules switched off; an unknown name is an error. */
    public static IdpDialect without(Collection<String> disabled) {
        Set<String> names = new LinkedHashSet<>(disabled);
        List<IdpRule> kept = new ArrayList<>();
        for (IdpRule r : ALL) if (!names.remove(r.name())) kept.add(r);
        if (!names.isEmpty()) throw new IllegalArgumentException("unknown rule(s): " + String.join(", ", names));
        return kept.size() == ALL.size() ? DEFAULT : new IdpDialect(kept);
    }

    public boolean isEnabled(String name) {
        for (IdpRule r : rules) if (r.name().equals(name)) return true;
        return false;
    }

    public boolean acceptsEmptyOperations() { return isEnabled("empty-operations"); }

    /** A rewritten copy of a POST or PUT body. */
    public JsonNode resource(JsonNode body, ResourceType type, SchemaRegistry registry) {
        if (!(body instanceof ObjectNode obj)) return body;
        ObjectNode copy = obj.deepCopy();
        for (IdpRule r : rules) r.rewriteResource(copy, type, registry);
        return copy;
    }

    /** The operations one raw PATCH operation means, given the document as the earlier ones left it. */
    public List<ObjectNode> operation(ObjectNode op, ResourceType type, SchemaRegistry registry, ObjectNode current) {
        List<ObjectNode> ops = List.of(op);
        for (IdpRule r : rules) {
            List<ObjectNode> next = new ArrayList<>();
            for (ObjectNode o : ops) next.addAll(r.rewriteOperation(o, type, registry, current));
            ops = next;
        }
        return ops;
    }

    /** The attribute names of {@code attributes} and {@code excludedAttributes}, rewritten for {@code type}. */
    public Projection projection(Projection projection, ResourceType type, SchemaRegistry registry) {
        return projection.withPaths(path -> attributePath(path, type, registry));
    }

    /** {@code sortBy} rewritten for {@code type}; null, or text that is no attribute path, stays as it is. */
    public String sortBy(String sortBy, ResourceType type, SchemaRegistry registry) {
        if (sortBy == null || sortBy.isBlank()) return sortBy;
        AttributePath path;
        try {
            path = AttributePath.parse(sortBy.trim());
        } catch (ScimException e) {
            return sortBy; // SortSpec says what is wrong with it
        }
        AttributePath rewritten = attributePath(path, type, registry);
        return rewritten == path ? sortBy : rewritten.toString();
    }

    private AttributePath attributePath(AttributePath path, ResourceType type, SchemaRegistry registry) {
        AttributePath p = path;
        for (IdpRule r : rules) p = r.rewriteAttributePath(p, type, registry);
        return p;
    }

    public Filter filter(Filter filter, ResourceType type, SchemaRegistry registry) {
        Filter f = filter;
        for (IdpRule r : rules) f = r.rewriteFilter(f, type, registry);
        return f;
    }
}
