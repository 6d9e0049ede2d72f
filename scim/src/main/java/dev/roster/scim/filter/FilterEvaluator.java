package dev.roster.scim.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.scim.path.AttributePath;
import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.scim.schema.AttributeType;
import dev.roster.scim.schema.ResolvedAttribute;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates a bound filter (see {@link FilterBinder}) against a resource in memory. It is the reference
 * semantics the SQL compilers must reproduce:
 * <ul>
 *   <li>an expression on a multi-valued attribute is true when any value matches;</li>
 *   <li>{@code ne} is the negation of {@code eq}, so it is true for an absent attribute;</li>
 *   <li>text with {@code caseExact: false} compares after {@link #fold(String)};</li>
 *   <li>{@code pr} is true for a value that is not null, "", [] or {}.</li>
 * </ul>
 */
public final class FilterEvaluator {
    private FilterEvaluator() {}

    public static boolean matches(Filter filter, JsonNode resource, ResourceType type, SchemaRegistry registry) {
        return eval(filter, resource, path -> resolveTop(registry, type, path));
    }

    /** Evaluates a value-path filter against one value of the multi-valued {@code parent}. */
    public static boolean matchesValue(Filter filter, JsonNode value, AttributeDefinition parent) {
        return eval(filter, value, path -> new Target(null, parent.subAttribute(path.attribute()), null));
    }

    /** The case folding both the evaluator and the databases use for caseExact:false text. */
    public static String fold(String s) { return s.toLowerCase(Locale.ROOT); }

    private record Target(String extensionUrn, AttributeDefinition attribute, AttributeDefinition sub) {
        AttributeDefinition def() { return sub != null ? sub : attribute; }
    }

    private interface Resolver { Target resolve(AttributePath path); }

    private static Target resolveTop(SchemaRegistry registry, ResourceType type, AttributePath path) {
        ResolvedAttribute r = registry.resolve(type, path);
        return new Target(r.extension() ? r.schema().id() : null, r.attribute(), r.subAttribute());
    }

    private static boolean eval(Filter f, JsonNode node, Resolver resolver) {
        if (f instanceof Filter.And a) return eval(a.left(), node, resolver) && eval(a.right(), node, resolver);
        if (f instanceof Filter.Or o) return eval(o.left(), node, resolver) || eval(o.right(), node, resolver);
        if (f instanceof Filter.Not n) return !eval(n.inner(), node, resolver);
        if (f instanceof Filter.ValuePath v) {
            Target t = resolver.resolve(v.path());
            for (JsonNode element : elements(container(node, t).get(t.attribute().name()))) {
                if (matchesValue(v.filter(), element, t.attribute())) return true;
            }
            return false;
        }
        if (f instanceof Filter.Present p) {
            Target t = resolver.resolve(p.path());
            if (t.attribute() == null) return isPresent(container(node, t)); // a whole extension
            for (JsonNode value : values(node, t)) if (isPresent(value)) return true;
            return false;
        }
        Filter.Comparison c = (Filter.Comparison) f;
        Target t = resolver.resolve(c.path());
        List<JsonNode> values = values(node, t);
        if (c.op() == Operator.NE) return !anyMatches(values, Operator.EQ, c.value(), t.def());
        return anyMatches(values, c.op(), c.value(), t.def());
    }

    private static boolean anyMatches(List<JsonNode> values, Operator op, JsonNode literal, AttributeDefinition def) {
        if (literal.isNull()) return values.stream().noneMatch(FilterEvaluator::isPresent);
        for (JsonNode v : values) if (v != null && !v.isNull() && compare(v, op, literal, def)) return true;
        return false;
    }

    private static JsonNode container(JsonNode node, Target t) {
        if (t.extensionUrn() == null) return node;
        JsonNode ext = node.get(t.extensionUrn());
        return ext == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : ext;
    }

    private static List<JsonNode> elements(JsonNode attr) {
        List<JsonNode> out = new ArrayList<>();
        if (attr == null || attr.isNull() || attr.isMissingNode()) return out;
        if (attr.isArray()) attr.forEach(out::add);
        else out.add(attr);
        return out;
    }

    private static List<JsonNode> values(JsonNode node, Target t) {
        List<JsonNode> attrValues = elements(container(node, t).get(t.attribute().name()));
        if (t.sub() == null) return attrValues;
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode v : attrValues) {
            JsonNode s = v.get(t.sub().name());
            if (s != null) out.add(s);
        }
        return out;
    }

    private static boolean isPresent(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return false;
        if (v.isTextual()) return !v.asText().isEmpty();
        if (v.isContainerNode()) return !v.isEmpty();
        return true;
    }

    private static boolean compare(JsonNode value, Operator op, JsonNode literal, AttributeDefinition def) {
        AttributeType type = def.type();
        if (type == AttributeType.BOOLEAN) {
            return value.isBoolean() && value.asBoolean() == literal.asBoolean();
        }
        if (type == AttributeType.INTEGER || type == AttributeType.DECIMAL) {
            if (!value.isNumber()) return false;
            return ordered(op, value.decimalValue().compareTo(literal.decimalValue()));
        }
        if (type == AttributeType.DATE_TIME) {
            if (!value.isTextual()) return false;
            int cmp = OffsetDateTime.parse(value.asText()).toInstant().compareTo(OffsetDateTime.parse(literal.asText()).toInstant());
            return ordered(op, cmp);
        }
        if (!value.isTextual()) return false;
        String a = value.asText();
        String b = literal.asText();
        if (def.foldsCase()) {
            a = fold(a);
            b = fold(b);
        }
        return switch (op) {
            case CO -> a.contains(b);
            case SW -> a.startsWith(b);
            case EW -> a.endsWith(b);
            default -> ordered(op, compareCodePoints(a, b));
        };
    }

    private static boolean ordered(Operator op, int cmp) {
        return switch (op) {
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            default -> false;
        };
    }

    /** Code point order, which is UTF-8 byte order: the order the databases use for text. */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
