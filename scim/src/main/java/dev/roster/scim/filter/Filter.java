package dev.roster.scim.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.scim.path.AttributePath;

import java.util.function.UnaryOperator;

/**
 * The filter AST (RFC 7644 §3.4.2.2): one immutable node type per construct. {@link #toString()} prints
 * a filter the parser reads back to an equal tree.
 */
public sealed interface Filter {

    /** {@code attrPath op value}; the value is a JSON text, number, boolean or null. */
    record Comparison(AttributePath path, Operator op, JsonNode value) implements Filter {
        @Override public String toString() { return path + " " + op.wire() + " " + value.toString(); }
    }

    /** {@code attrPath pr}. */
    record Present(AttributePath path) implements Filter {
        @Override public String toString() { return path + " pr"; }
    }

    record And(Filter left, Filter right) implements Filter {
        @Override public String toString() { return "(" + left + ") and (" + right + ")"; }
    }

    record Or(Filter left, Filter right) implements Filter {
        @Override public String toString() { return "(" + left + ") or (" + right + ")"; }
    }

    record Not(Filter inner) implements Filter {
        @Override public String toString() { return "not (" + inner + ")"; }
    }

    /**
     * {@code attr[filter]}: true when one value of the multi-valued {@code path} matches {@code filter},
     * whose paths name sub-attributes of that one value.
     */
    record ValuePath(AttributePath path, Filter filter) implements Filter {
        @Override public String toString() { return path + "[" + filter + "]"; }
    }

    static Filter parse(String text) { return new FilterParser(text).parseFilter(); }

    /**
     * This filter with its {@code and}, {@code or} and {@code not} kept and every other node (a comparison, a
     * presence test, a value path) replaced by what {@code leaf} makes of it.
     */
    default Filter mapLeaves(UnaryOperator<Filter> leaf) {
        if (this instanceof And a) return new And(a.left().mapLeaves(leaf), a.right().mapLeaves(leaf));
        if (this instanceof Or o) return new Or(o.left().mapLeaves(leaf), o.right().mapLeaves(leaf));
        if (this instanceof Not n) return new Not(n.inner().mapLeaves(leaf));
        return leaf.apply(this);
    }

    /** This filter with the path of every comparison, presence test and value path as {@code rename} makes it. */
    default Filter mapPaths(UnaryOperator<AttributePath> rename) {
        return mapLeaves(leaf -> {
            if (leaf instanceof ValuePath v) return new ValuePath(rename.apply(v.path()), v.filter());
            if (leaf instanceof Present p) return new Present(rename.apply(p.path()));
            Comparison c = (Comparison) leaf;
            return new Comparison(rename.apply(c.path()), c.op(), c.value());
        });
    }
}
