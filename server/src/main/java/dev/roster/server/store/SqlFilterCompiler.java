package dev.roster.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.FilterEvaluator;
import dev.roster.scim.filter.Operator;
import dev.roster.scim.path.AttributePath;
import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.scim.schema.AttributeType;
import dev.roster.scim.schema.ResolvedAttribute;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Compiles a bound filter into an SQL condition on the {@code resources} row aliased {@code r}, with the
 * same meaning as {@link FilterEvaluator}. Attributes IdPs look up map to indexed columns; the rest
 * are read from the JSON document; group members and user groups from the membership table.
 */
public final class SqlFilterCompiler {
    private final Dialect dialect;
    private final ResourceType type;
    private final SchemaRegistry registry;
    private final String directory;
    private final StringBuilder sql = new StringBuilder();
    private final List<Object> params = new ArrayList<>();
    private int aliases;
    private boolean planForValues;

    private SqlFilterCompiler(Dialect dialect, ResourceType type, SchemaRegistry registry, String directory) {
        this.dialect = dialect;
        this.type = type;
        this.registry = registry;
        this.directory = directory;
    }

    /** Compiles a filter for resources of {@code type} in {@code directory}. */
    public static Sql compile(Filter filter, ResourceType type, SchemaRegistry registry, Dialect dialect, String directory) {
        SqlFilterCompiler c = new SqlFilterCompiler(dialect, type, registry, directory);
        c.emit(filter, c.new TopScope());
        return new Sql(c.sql.toString(), c.params, c.drivenByLookup(filter) ? "resources_id" : null, c.planForValues,
                c.narrowedByIndex(filter));
    }

    // The comparisons an index answers with a lookup or a range of its keys (co and ew read every key).
    private static final java.util.Set<Operator> INDEXED_OPERATORS =
            java.util.EnumSet.of(Operator.EQ, Operator.SW, Operator.GT, Operator.GE, Operator.LT, Operator.LE);

    /**
     * True when every match must satisfy an equality or a range on an indexed column or lookup table, so the
     * statement reads only the rows an index gives it; false for a filter that reads every resource of its type.
     */
    private boolean narrowedByIndex(Filter f) {
        if (f instanceof Filter.And a) return narrowedByIndex(a.left()) || narrowedByIndex(a.right());
        if (f instanceof Filter.ValuePath v) return valueLookup(v) != null;
        if (f instanceof Filter.Or o) return narrowedByIndex(o.left()) && narrowedByIndex(o.right());
        if (f instanceof Filter.Comparison c && INDEXED_OPERATORS.contains(c.op()) && !c.value().isNull()) {
            ResolvedAttribute r = registry.resolve(type, c.path());
            return lookupTable(r) != null || indexedColumn(r);
        }
        return false;
    }

    // The columns of resources that lead an index of their own (see the migrations); created, last_modified
    // and active have none.
    private static final java.util.Set<String> INDEXED_COLUMNS =
            java.util.Set.of("r.id", "r.external_id", "r.display_name_ci", "r.user_name_ci");

    /** Whether {@link #column} maps the attribute to a column with an index of its own. */
    private boolean indexedColumn(ResolvedAttribute r) {
        Value column = column(r);
        return column != null && INDEXED_COLUMNS.contains(column.expr());
    }

    /**
     * True when every match must satisfy a lookup through a membership or value table: the query is then
     * cheapest started from those few ids, whatever the rest of the filter says.
     */
    private boolean drivenByLookup(Filter f) {
        if (f instanceof Filter.And a) return drivenByLookup(a.left()) || drivenByLookup(a.right());
        if (f instanceof Filter.ValuePath v) return valueLookup(v) != null;
        if (f instanceof Filter.Comparison c && c.op() != Operator.NE && !c.value().isNull()) {
            ResolvedAttribute r = registry.resolve(type, c.path());
            return lookupTable(r) != null;
        }
        return false;
    }

    /**
     * For a value filter on an attribute whose values have a lookup table ({@code emails}, and the memberships of
     * {@code members} and {@code groups}), the comparison of {@code value} that every match must satisfy and an index
     * can answer ({@code emails[type eq "work"].value eq "x"}, Entra's mail lookup; {@code members[value eq "id"]});
     * null when there is none. The filter then holds only for resources the lookup finds, so the query reads those
     * few rows instead of every document or every group's members.
     */
    private Filter.Comparison valueLookup(Filter.ValuePath v) {
        ResolvedAttribute value = registry.resolve(type, new AttributePath(v.path().schemaUrn(), v.path().attribute(), "value"));
        if (value == null || lookupTable(value) == null) return null;
        return requiredValueComparison(v.filter());
    }

    private static Filter.Comparison requiredValueComparison(Filter f) {
        if (f instanceof Filter.And a) {
            Filter.Comparison left = requiredValueComparison(a.left());
            return left != null ? left : requiredValueComparison(a.right());
        }
        if (f instanceof Filter.Comparison c && c.path().attribute().equals("value") && c.path().subAttribute() == null
                && INDEXED_OPERATORS.contains(c.op()) && !c.value().isNull()) return c;
        return null;
    }

    /**
     * For a path answered by an id lookup, the sub-query head selecting matching resource ids, ending
     * where the condition on {@code column} goes; null for other paths.
     */
    private String[] lookupTable(ResolvedAttribute r) {
        if (IndexedValues.key(type.name(), r) != null) {
            return new String[]{"SELECT v.resource_id FROM resource_values v WHERE v.directory_id = ? AND v.attribute = ? AND ",
                    "v.value_ci", IndexedValues.key(type.name(), r)};
        }
        if (isMembership(r) && r.subAttribute() != null && r.subAttribute().name().equals("value")) {
            return type.name().equals("Group")
                    ? new String[]{"SELECT m.group_id FROM memberships m WHERE m.directory_id = ? AND ", "m.member_id", null}
                    : new String[]{"SELECT m.member_id FROM memberships m WHERE m.directory_id = ? AND ", "m.group_id", null};
        }
        return null;
    }

    /**
     * The expression {@code sortBy} orders by, with the evaluator's meaning: folded text for caseExact
     * false, and for a multi-valued attribute the primary value, else the first.
     */
    public static String sortKey(dev.roster.scim.list.SortSpec sort, ResourceType type, SchemaRegistry registry, Dialect dialect) {
        SqlFilterCompiler c = new SqlFilterCompiler(dialect, type, registry, null);
        ResolvedAttribute r = registry.resolve(type, sort.path());
        if (c.isMembership(r)) throw ScimException.invalidValue("sorting by '" + r.attribute().name() + "' is not supported");
        AttributeDefinition target = r.target();
        Value column = c.column(r);
        if (column != null) return column.folded() || !target.foldsCase() ? column.expr() : dialect.fold(column.expr());
        List<String> keys = keys(r);
        String expr;
        if (!r.attribute().multiValued()) {
            if (r.subAttribute() != null) keys.add(r.subAttribute().name());
            expr = dialect.jsonValue("r.doc", keys, target.type());
        } else {
            expr = dialect.primaryOrFirst("r.doc", keys, r.subAttribute() == null ? null : r.subAttribute().name(), target.type());
        }
        return target.foldsCase() ? dialect.fold(expr) : expr;
    }

    /** A value the SQL can compare: its expression, its definition, and whether it is folded already. */
    private record Value(String expr, AttributeDefinition def, boolean folded) {}

    /** Where a filter's attribute names are looked up: the resource row, or one element of an array. */
    private interface Scope {
        /** Emits the condition "some value of {@code path} satisfies {@code condition}". */
        void any(AttributePath path, java.util.function.Consumer<Value> condition);
    }

    private void emit(Filter f, Scope scope) {
        if (f instanceof Filter.And || f instanceof Filter.Or) {
            boolean and = f instanceof Filter.And;
            List<Filter> terms = new ArrayList<>();
            chain(f, and, terms);
            emitBalanced(terms, 0, terms.size(), and ? " AND " : " OR ", scope);
        } else if (f instanceof Filter.Not n) {
            // SQL's NULL is neither true nor false; the evaluator has no such third value.
            sql.append("NOT COALESCE((");
            emit(n.inner(), scope);
            sql.append("), FALSE)");
        } else if (f instanceof Filter.Present p) {
            ResolvedAttribute whole = scope instanceof TopScope ? registry.resolve(type, p.path()) : null;
            if (whole != null && whole.isWholeExtension()) {
                // The resource has the extension: its key is in the document (an emptied extension is not kept).
                sql.append('(').append(dialect.jsonValue("r.doc", List.of(whole.schema().id()), AttributeType.COMPLEX))
                        .append(" IS NOT NULL)");
            } else if (whole != null && whole.isCommon() && ALWAYS_PRESENT.contains(whole.dottedName())) {
                sql.append("TRUE");
            } else {
                scope.any(p.path(), this::present);
            }
        } else if (f instanceof Filter.ValuePath v) {
            ((TopScope) scope).valuePath(v);
        } else {
            Filter.Comparison c = (Filter.Comparison) f;
            if (c.value().isNull()) {
                // "eq null" means absent; "ne null" means present.
                Filter present = new Filter.Present(c.path());
                emit(c.op() == Operator.EQ ? new Filter.Not(present) : present, scope);
            } else if (c.op() == Operator.NE) {
                emit(new Filter.Not(new Filter.Comparison(c.path(), Operator.EQ, c.value())), scope);
            } else {
                scope.any(c.path(), v -> compare(v, c.op(), c.value()));
            }
        }
    }

    /** The terms of a chain of ANDs (or of ORs), in their order, however the parser grouped them. */
    private static void chain(Filter f, boolean and, List<Filter> terms) {
        Deque<Filter> pending = new ArrayDeque<>();
        pending.push(f);
        while (!pending.isEmpty()) {
            Filter x = pending.pop();
            if (and && x instanceof Filter.And a) {
                pending.push(a.right());
                pending.push(a.left());
            } else if (!and && x instanceof Filter.Or o) {
                pending.push(o.right());
                pending.push(o.left());
            } else {
                terms.add(x);
            }
        }
    }

    /**
     * A chain as a balanced tree: its depth in SQL grows with the logarithm of its length, where the parser's
     * left-leaning tree grew with the length itself, and SQLite refuses expressions deeper than 1,000.
     */
    private void emitBalanced(List<Filter> terms, int from, int to, String operator, Scope scope) {
        if (to - from == 1) {
            emit(terms.get(from), scope);
            return;
        }
        int middle = (from + to) >>> 1;
        sql.append('(');
        emitBalanced(terms, from, middle, operator, scope);
        sql.append(operator);
        emitBalanced(terms, middle, to, operator, scope);
        sql.append(')');
    }

    private void present(Value v) {
        sql.append('(').append(v.expr()).append(" IS NOT NULL");
        if (v.def().type().isText() || v.def().isComplex()) sql.append(" AND ").append(v.expr()).append(" <> ''");
        sql.append(')');
    }

    private void compare(Value v, Operator op, JsonNode literal) {
        AttributeDefinition def = v.def();
        String x = v.expr();
        Object param;
        if (def.type().isText()) {
            String s = literal.asText();
            if (def.foldsCase()) {
                s = FilterEvaluator.fold(s);
                if (!v.folded()) x = dialect.fold(x);
            }
            if (op.isSubstring() && s.isEmpty()) {
                sql.append(x).append(" IS NOT NULL");
                return;
            }
            param = s;
        } else if (def.type() == AttributeType.DATE_TIME) {
            param = Timestamps.normalize(literal.asText());
        } else if (def.type() == AttributeType.BOOLEAN) {
            param = literal.asBoolean();
        } else {
            BigDecimal n = literal.decimalValue();
            param = n.stripTrailingZeros().scale() <= 0 ? (Object) n.longValue() : (Object) n.doubleValue();
        }
        switch (op) {
            case CO -> { sql.append(dialect.contains(x, "?")); params.add(param); }
            case SW -> {
                if (param instanceof String prefix && x.equals(v.expr()) && CODE_POINT_ORDERED.contains(x)) {
                    prefixRange(x, prefix);
                } else {
                    sql.append(dialect.startsWith(x, "?"));
                    params.add(param);
                    params.add(param);
                }
            }
            case EW -> { sql.append(dialect.endsWith(x, "?")); params.add(param); params.add(param); }
            default -> {
                sql.append(x).append(' ').append(sqlOperator(op)).append(" ?");
                params.add(param);
            }
        }
    }

    // What every resource has, though no column holds it: meta, and its location made from the request's URL.
    private static final java.util.Set<String> ALWAYS_PRESENT = java.util.Set.of("meta", "meta.location");

    // Indexed text columns that both databases order by code point (SQLite's BINARY, PostgreSQL's "C"): a prefix
    // is a range of their index.
    private static final java.util.Set<String> CODE_POINT_ORDERED =
            java.util.Set.of("r.id", "r.external_id", "r.user_name_ci", "r.display_name_ci", "v.value_ci");

    /**
     * "starts with" as the range of an index, {@code prefix <= x < end}: as a function of the column the
     * condition read every row of the directory (0.4 s for {@code userName sw} over 100,000 users).
     */
    private void prefixRange(String x, String prefix) {
        planForValues = true; // a prefix may select a few rows or all: an index range, or the listing order
        String end = prefixEnd(prefix);
        sql.append('(').append(x).append(" >= ?");
        params.add(prefix);
        if (end != null) {
            sql.append(" AND ").append(x).append(" < ?");
            params.add(end);
        }
        sql.append(')');
    }

    /** The least string above every string that starts with {@code prefix}, in code point order; null if none is. */
    private static String prefixEnd(String prefix) {
        int[] points = prefix.codePoints().toArray();
        for (int i = points.length - 1; i >= 0; i--) {
            int next = points[i] + 1;
            if (next == Character.MIN_SURROGATE) next = Character.MAX_SURROGATE + 1; // no character is a surrogate
            if (next <= Character.MAX_CODE_POINT) return new String(points, 0, i) + Character.toString(next);
        }
        return null;
    }

    private static String sqlOperator(Operator op) {
        return switch (op) {
            case EQ -> "=";
            case GT -> ">";
            case GE -> ">=";
            case LT -> "<";
            case LE -> "<=";
            default -> throw new IllegalArgumentException(op.wire());
        };
    }

    private String alias(String prefix) { return prefix + (aliases++); }

    private final class TopScope implements Scope {
        @Override
        public void any(AttributePath path, java.util.function.Consumer<Value> condition) {
            ResolvedAttribute r = registry.resolve(type, path);
            AttributeDefinition attr = r.attribute();
            AttributeDefinition target = r.target();
            // A group may hold a few of the directory's users or all of them.
            if (isMembership(r) && !type.name().equals("Group")) planForValues = true;
            Value column = column(r);
            if (column != null) {
                condition.accept(column);
                return;
            }
            String[] lookup = lookupTable(r);
            if (lookup != null) {
                // An uncorrelated id list, so the index on the lookup table finds the matches.
                sql.append("r.id IN (").append(lookup[0]);
                params.add(directory);
                if (lookup[2] != null) params.add(lookup[2]);
                // Value rows hold folded text; member and group ids are UUIDs, lower case as made.
                condition.accept(new Value(lookup[1], target, true));
                sql.append(')');
                return;
            }
            if (isMembership(r)) {
                MembershipScope scope = new MembershipScope(r.attribute());
                scope.open();
                AttributeDefinition sub = r.subAttribute();
                if (sub != null) scope.any(AttributePath.of(sub.name()), condition);
                else sql.append("TRUE");
                sql.append(')');
                return;
            }
            List<String> keys = keys(r);
            if (!attr.multiValued()) {
                if (r.subAttribute() != null) keys.add(r.subAttribute().name());
                condition.accept(new Value(dialect.jsonValue("r.doc", keys, target.type()), target, false));
                return;
            }
            String e = alias("e");
            sql.append("EXISTS (SELECT 1 FROM ").append(dialect.jsonElements("r.doc", keys, e)).append(" WHERE ");
            if (r.subAttribute() != null) {
                condition.accept(new Value(dialect.elementSubValue(e, r.subAttribute().name(), target.type()), target, false));
            } else {
                condition.accept(new Value(dialect.elementValue(e, target.type()), target, false));
            }
            sql.append(')');
        }

        void valuePath(Filter.ValuePath v) {
            ResolvedAttribute r = registry.resolve(type, v.path());
            Filter.Comparison lookup = valueLookup(v);
            if (lookup != null) {
                // The lookup table's index finds the few resources with such a value; each element is checked below.
                sql.append('(');
                any(new AttributePath(v.path().schemaUrn(), v.path().attribute(), "value"),
                        value -> compare(value, lookup.op(), lookup.value()));
                sql.append(" AND ");
            }
            if (isMembership(r)) {
                MembershipScope scope = new MembershipScope(r.attribute());
                scope.open();
                emit(v.filter(), scope);
                sql.append(')');
            } else {
                String e = alias("e");
                sql.append("EXISTS (SELECT 1 FROM ").append(dialect.jsonElements("r.doc", keys(r), e)).append(" WHERE ");
                emit(v.filter(), (path, condition) -> {
                    AttributeDefinition sub = r.attribute().subAttribute(path.attribute());
                    condition.accept(new Value(dialect.elementSubValue(e, sub.name(), sub.type()), sub, false));
                });
                sql.append(')');
            }
            if (lookup != null) sql.append(')');
        }
    }

    private static List<String> keys(ResolvedAttribute r) {
        List<String> keys = new ArrayList<>();
        if (r.extension()) keys.add(r.schema().id());
        keys.add(r.attribute().name());
        return keys;
    }

    private boolean isMembership(ResolvedAttribute r) {
        if (r.extension() || r.isCommon()) return false;
        String name = r.attribute().name();
        return (type.name().equals("Group") && name.equals("members")) || (type.name().equals("User") && name.equals("groups"));
    }

    /** The indexed columns; null when the attribute lives only in the document. */
    private Value column(ResolvedAttribute r) {
        if (r.extension()) return null;
        String name = r.dottedName();
        AttributeDefinition def = r.target();
        switch (name) {
            case "id": return new Value("r.id", def, false);
            case "externalId": return new Value("r.external_id", def, false);
            case "meta.created": return new Value("r.created", def, false);
            case "meta.lastModified": return new Value("r.last_modified", def, false);
            case "meta.resourceType": return new Value("r.resource_type", def, false);
            // The ETag of the version the resource is at, as meta shows it (a string, compared as one).
            case "meta.version": return new Value("('W/\"' || r.version || '\"')", def, false);
            case "meta":
            case "meta.location":
                throw ScimException.invalidFilter("filtering on '" + name + "' is not supported but for 'pr': filter on 'id'");
            default:
        }
        if (name.equals("displayName")) return new Value("r.display_name_ci", def, true);
        if (type.name().equals("User") && name.equals("userName")) return new Value("r.user_name_ci", def, true);
        if (type.name().equals("User") && name.equals("active")) return new Value("r.active", def, false);
        return null;
    }

    /**
     * One membership row of the resource: for a Group its members, for a User the groups it is in.
     * The row joins the other side's resource for {@code display}.
     */
    private final class MembershipScope implements Scope {
        private final boolean groupSide;
        private final AttributeDefinition attribute;
        private final String m = alias("m");
        private final String o = alias("o");

        MembershipScope(AttributeDefinition attribute) {
            this.attribute = attribute;
            this.groupSide = type.name().equals("Group");
        }

        void open() {
            String self = groupSide ? "group_id" : "member_id";
            String other = groupSide ? "member_id" : "group_id";
            sql.append("EXISTS (SELECT 1 FROM memberships ").append(m)
                    .append(" JOIN resources ").append(o).append(" ON ").append(o).append(".directory_id = ").append(m)
                    .append(".directory_id AND ").append(o).append(".id = ").append(m).append('.').append(other)
                    .append(" WHERE ").append(m).append(".directory_id = r.directory_id AND ").append(m).append('.')
                    .append(self).append(" = r.id AND ");
        }

        @Override
        public void any(AttributePath path, java.util.function.Consumer<Value> condition) {
            AttributeDefinition sub = attribute.subAttribute(path.attribute());
            switch (sub.name()) {
                case "value" -> condition.accept(new Value(m + (groupSide ? ".member_id" : ".group_id"), sub, true));
                case "type" -> condition.accept(new Value(groupSide ? m + ".member_type" : "'direct'", sub, false));
                case "display" -> condition.accept(new Value(
                        "COALESCE(" + o + ".display_name_ci, " + o + ".user_name_ci)", sub, true));
                default -> throw ScimException.invalidFilter("filtering on '" + attribute.name() + "." + sub.name() + "' is not supported");
            }
        }
    }
}
