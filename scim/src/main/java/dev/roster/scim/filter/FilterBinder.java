package dev.roster.scim.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.roster.scim.ScimException;
import dev.roster.scim.path.AttributePath;
import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.scim.schema.AttributeType;
import dev.roster.scim.schema.ResolvedAttribute;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Checks a parsed filter against a resource type's schemas and returns it in canonical form: attribute
 * names in their schema spelling, {@code emails co "x"} as {@code emails.value co "x"}, and literals of
 * the attribute's type. Everything downstream (the evaluator, the SQL compilers) may then trust it.
 */
public final class FilterBinder {
    // What every resource of the type matches (each has an id), and what none does.
    private static final Filter ALWAYS = new Filter.Present(AttributePath.of("id"));
    private static final Filter NEVER = new Filter.Not(ALWAYS);

    private final ResourceType type;
    private final SchemaRegistry registry;

    private FilterBinder(ResourceType type, SchemaRegistry registry) {
        this.type = type;
        this.registry = registry;
    }

    public static Filter bind(Filter filter, ResourceType type, SchemaRegistry registry) {
        return new FilterBinder(type, registry).top(filter);
    }

    private static boolean isSchemas(AttributePath path) {
        return path.schemaUrn() == null && path.subAttribute() == null && path.attribute().equalsIgnoreCase("schemas");
    }

    /**
     * A comparison on {@code schemas} (RFC 7644 §3.4.2.2: {@code schemas eq "urn:…:enterprise:2.0:User"}), as the
     * resources' rendered {@code schemas} would answer it: the core schema's URN is in every one, an extension's in
     * those that have the extension. URNs compare without regard to case. So it becomes a test of which extensions a
     * resource has, decided here for each URN the type knows.
     */
    private Filter schemas(Filter.Comparison c) {
        if (c.value().isNull()) return c.op() == Operator.EQ ? NEVER : ALWAYS;
        if (!c.value().isTextual()) {
            throw ScimException.invalidFilter("'schemas' holds URNs: compare it with a string");
        }
        if (c.op() == Operator.NE) return new Filter.Not(schemas(new Filter.Comparison(c.path(), Operator.EQ, c.value())));
        String literal = FilterEvaluator.fold(c.value().asText());
        if (matches(type.schema().id(), c.op(), literal)) return ALWAYS;
        Filter any = null;
        for (ResourceType.Extension ext : type.extensions()) {
            if (!matches(ext.schema().id(), c.op(), literal)) continue;
            Filter has = new Filter.Present(AttributePath.parse(ext.schema().id()));
            any = any == null ? has : new Filter.Or(any, has);
        }
        return any == null ? NEVER : any;
    }

    private static boolean matches(String urn, Operator op, String foldedLiteral) {
        String u = FilterEvaluator.fold(urn);
        int order = FilterEvaluator.compareCodePoints(u, foldedLiteral);
        return switch (op) {
            case EQ -> order == 0;
            case CO -> u.contains(foldedLiteral);
            case SW -> u.startsWith(foldedLiteral);
            case EW -> u.endsWith(foldedLiteral);
            case GT -> order > 0;
            case GE -> order >= 0;
            case LT -> order < 0;
            case LE -> order <= 0;
            default -> throw new IllegalStateException(op.toString());
        };
    }

    /** Binds the filter of a value path, whose names are sub-attributes of {@code parent}. */
    public static Filter bindWithin(Filter filter, AttributeDefinition parent) {
        return new FilterBinder(null, null).within(filter, parent);
    }

    private Filter top(Filter f) {
        if (f instanceof Filter.And a) return new Filter.And(top(a.left()), top(a.right()));
        if (f instanceof Filter.Or o) return new Filter.Or(top(o.left()), top(o.right()));
        if (f instanceof Filter.Not n) return new Filter.Not(top(n.inner()));
        if (f instanceof Filter.ValuePath v) {
            ResolvedAttribute r = resolve(v.path());
            if (r.subAttribute() != null || !r.attribute().isComplex()) {
                throw ScimException.invalidFilter("'" + v.path() + "' cannot take a value filter: it is not a complex attribute");
            }
            AttributePath parent = canonical(r);
            Filter inner = within(v.filter(), r.attribute());
            if (!r.attribute().multiValued()) {
                // A single-valued complex attribute is its own one element: name[givenName eq "a"] asks for
                // a name whose givenName is "a", as name.givenName eq "a" does. meta is on every resource.
                Filter on = onParent(inner, parent);
                return r.isCommon() ? on : new Filter.And(new Filter.Present(parent), on);
            }
            return new Filter.ValuePath(parent, inner);
        }
        if (f instanceof Filter.Present p) {
            if (isSchemas(p.path())) return ALWAYS;
            ResolvedAttribute whole = registry.resolve(type, p.path());
            // "urn:…:enterprise:2.0:User pr": the resource has the extension, as its "schemas" then says.
            if (whole != null && whole.isWholeExtension()) return new Filter.Present(AttributePath.parse(whole.schema().id()));
            return new Filter.Present(canonical(resolve(p.path())));
        }
        Filter.Comparison c = (Filter.Comparison) f;
        if (isSchemas(c.path())) return schemas(c);
        ResolvedAttribute r = resolve(c.path());
        AttributeDefinition target = r.target();
        if (target.isComplex()) {
            // RFC 7643 §2.4: a multi-valued attribute's "value" sub-attribute stands for the attribute.
            AttributeDefinition value = target.subAttribute("value");
            if (value == null || r.subAttribute() != null) {
                throw ScimException.invalidFilter("'" + c.path() + "' is complex: name one of its sub-attributes");
            }
            r = new ResolvedAttribute(r.schema(), r.attribute(), value, r.extension());
            target = value;
        }
        return new Filter.Comparison(canonical(r), c.op(), literal(target, c.op(), c.value(), c.path().toString()));
    }

    private Filter within(Filter f, AttributeDefinition parent) {
        if (f instanceof Filter.And a) return new Filter.And(within(a.left(), parent), within(a.right(), parent));
        if (f instanceof Filter.Or o) return new Filter.Or(within(o.left(), parent), within(o.right(), parent));
        if (f instanceof Filter.Not n) return new Filter.Not(within(n.inner(), parent));
        if (f instanceof Filter.ValuePath v) throw ScimException.invalidFilter("value filters cannot be nested");
        AttributePath path = f instanceof Filter.Present p ? p.path() : ((Filter.Comparison) f).path();
        if (path.schemaUrn() != null || path.subAttribute() != null) {
            throw ScimException.invalidFilter("'" + path + "' is not a sub-attribute of '" + parent.name() + "'");
        }
        AttributeDefinition sub = parent.subAttribute(path.attribute());
        if (sub == null) {
            throw ScimException.invalidFilter("'" + parent.name() + "' has no sub-attribute '" + path.attribute() + "'");
        }
        AttributePath canonical = AttributePath.of(sub.name());
        if (f instanceof Filter.Present) return new Filter.Present(canonical);
        Filter.Comparison c = (Filter.Comparison) f;
        return new Filter.Comparison(canonical, c.op(), literal(sub, c.op(), c.value(), parent.name() + "." + sub.name()));
    }

    /** A bound value filter's sub-attribute names, made paths under {@code parent}. */
    private static Filter onParent(Filter f, AttributePath parent) {
        return f.mapPaths(sub -> new AttributePath(parent.schemaUrn(), parent.attribute(), sub.attribute()));
    }

    private ResolvedAttribute resolve(AttributePath path) {
        ResolvedAttribute r = registry.resolve(type, path);
        if (r == null || r.isWholeExtension()) {
            throw ScimException.invalidFilter("'" + path + "' is not an attribute of " + type.name());
        }
        if (r.target().name().equals("password")) throw ScimException.invalidFilter("filtering on 'password' is not allowed");
        return r;
    }

    private static AttributePath canonical(ResolvedAttribute r) {
        String urn = r.extension() ? r.schema().id() : null;
        return new AttributePath(urn, r.attribute().name(), r.subAttribute() == null ? null : r.subAttribute().name());
    }

    private static JsonNode literal(AttributeDefinition def, Operator op, JsonNode value, String where) {
        AttributeType t = def.type();
        if (op.isSubstring() && !t.isText()) {
            throw ScimException.invalidFilter("'" + op.wire() + "' needs a string attribute; '" + where + "' is " + t.wire());
        }
        if (op.isOrdering() && (t == AttributeType.BOOLEAN || t == AttributeType.BINARY)) {
            throw ScimException.invalidFilter("'" + op.wire() + "' cannot compare the " + t.wire() + " '" + where + "'");
        }
        if (value.isNull()) {
            if (op != Operator.EQ && op != Operator.NE) throw ScimException.invalidFilter("only eq and ne compare with null");
            return value;
        }
        switch (t) {
            case BOOLEAN:
                if (value.isBoolean()) return value;
                break;
            case INTEGER:
            case DECIMAL:
                if (value.isNumber()) return value;
                break;
            case DATE_TIME:
                if (value.isTextual()) {
                    try {
                        OffsetDateTime.parse(value.asText());
                        return value;
                    } catch (DateTimeParseException e) {
                        // xsd:dateTime may leave out the time zone; such a time is taken as UTC, where Roster keeps its own.
                        try {
                            LocalDateTime.parse(value.asText());
                            return JsonNodeFactory.instance.textNode(value.asText() + "Z");
                        } catch (DateTimeParseException again) {
                            throw ScimException.invalidFilter("'" + value.asText() + "' is not an xsd:dateTime for '" + where
                                    + "': write it as 2026-01-31T12:00:00Z");
                        }
                    }
                }
                break;
            default:
                if (value.isTextual()) return value;
        }
        throw ScimException.invalidFilter("'" + where + "' is " + t.wire() + " and cannot be compared with " + value);
    }
}
