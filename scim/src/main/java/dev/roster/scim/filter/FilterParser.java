package dev.roster.scim.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.path.AttributePath;

import java.math.BigDecimal;
import java.util.List;

/**
 * Recursive-descent parser for RFC 7644 §3.4.2.2 filters. Precedence, loosest first: {@code or},
 * {@code and}, then {@code not}, grouping and attribute expressions. Keywords, operators and attribute
 * names are case-insensitive.
 */
public final class FilterParser {
    /**
     * The most comparisons (and {@code pr} tests) one filter may hold. A filter becomes one SQL condition,
     * and SQLite refuses an expression deeper than 1,000; 500 leaves room for any shape of filter.
     */
    public static final int MAX_COMPARISONS = 500;
    /** The deepest nesting of groups, {@code not} and value filters: past it, recursion would exhaust the stack. */
    public static final int MAX_NESTING = 50;

    private final String input;
    private final List<Token> tokens;
    private int index;
    private int comparisons;
    private int nesting;

    FilterParser(String input) {
        this.input = input;
        this.tokens = FilterLexer.tokenize(input);
    }

    public static Filter parse(String text) {
        if (text == null || text.isBlank()) throw ScimException.invalidFilter("the filter is empty");
        return new FilterParser(text).parseFilter();
    }

    Filter parseFilter() {
        Filter f = or();
        expectEnd();
        return f;
    }

    /** Parses the bracketed filter of a PATCH path, up to but not including the closing bracket. */
    Filter parseValueFilterBody() { return or(); }

    Token peek() { return tokens.get(index); }

    Token advance() { return tokens.get(index++); }

    void expectEnd() {
        if (peek().kind() != Token.Kind.END) throw unexpected("'and', 'or' or the end of the filter");
    }

    private Filter or() {
        Filter left = and();
        while (peek().isWord("or")) {
            advance();
            left = new Filter.Or(left, and());
        }
        return left;
    }

    private Filter and() {
        Filter left = unary();
        while (peek().isWord("and")) {
            advance();
            left = new Filter.And(left, unary());
        }
        return left;
    }

    private Filter unary() {
        Token t = peek();
        if (t.isWord("not") && tokens.get(index + 1).kind() == Token.Kind.LPAREN) {
            advance();
            return new Filter.Not(group());
        }
        if (t.kind() == Token.Kind.LPAREN) return group();
        return attributeExpression();
    }

    private Filter group() {
        expect(Token.Kind.LPAREN, "'('");
        enter();
        Filter inner = or();
        nesting--;
        expect(Token.Kind.RPAREN, "')'");
        return inner;
    }

    private void enter() {
        if (++nesting > MAX_NESTING) {
            throw ScimException.invalidFilter("the filter nests groups and value filters more than " + MAX_NESTING + " deep");
        }
    }

    private Filter attributeExpression() {
        AttributePath path = attributePath();
        if (peek().kind() == Token.Kind.LBRACKET) {
            advance();
            enter();
            Filter inner = or();
            nesting--;
            expect(Token.Kind.RBRACKET, "']'");
            if (containsValuePath(inner)) throw error(peek(), "value filters cannot be nested");
            Token after = peek();
            // Entra's form: emails[type eq "work"].value eq "x" means emails[type eq "work" and value eq "x"].
            if (after.kind() == Token.Kind.WORD && after.text().startsWith(".")) {
                advance();
                String sub = after.text().substring(1);
                if (!isName(sub)) throw error(after, "a sub-attribute name after ']'");
                Filter subFilter = comparisonOrPresent(AttributePath.of(sub));
                return new Filter.ValuePath(path, new Filter.And(inner, subFilter));
            }
            return new Filter.ValuePath(path, inner);
        }
        return comparisonOrPresent(path);
    }

    private Filter comparisonOrPresent(AttributePath path) {
        if (++comparisons > MAX_COMPARISONS) {
            throw ScimException.invalidFilter("the filter has more than " + MAX_COMPARISONS + " comparisons; split it into several queries");
        }
        Token opToken = advance();
        if (opToken.isWord("pr")) return new Filter.Present(path);
        Operator op = opToken.kind() == Token.Kind.WORD ? Operator.fromWire(opToken.text()) : null;
        if (op == null) {
            index--;
            throw unexpected("an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr)");
        }
        return new Filter.Comparison(path, op, literal());
    }

    private JsonNode literal() {
        Token t = advance();
        switch (t.kind()) {
            case STRING: return TextNode.valueOf((String) t.literal());
            case NUMBER: return number((BigDecimal) t.literal());
            case WORD:
                if (t.text().equalsIgnoreCase("true")) return BooleanNode.TRUE;
                if (t.text().equalsIgnoreCase("false")) return BooleanNode.FALSE;
                if (t.text().equalsIgnoreCase("null")) return NullNode.instance;
                break;
            default:
        }
        index--;
        throw unexpected("a value (a string in double quotes, a number, true, false or null)");
    }

    /** Integers become LongNode and others DecimalNode, so equal numbers make equal trees. */
    static JsonNode number(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
                && stripped.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0) {
            return LongNode.valueOf(stripped.longValueExact());
        }
        return DecimalNode.valueOf(stripped);
    }

    AttributePath attributePath() {
        Token t = advance();
        if (t.kind() != Token.Kind.WORD || t.text().startsWith(".") || isReserved(t.text())) {
            index--;
            throw unexpected("an attribute name");
        }
        try {
            return AttributePath.parse(t.text());
        } catch (ScimException e) {
            throw error(t, "an attribute name");
        }
    }

    private static boolean isReserved(String word) {
        return word.equalsIgnoreCase("and") || word.equalsIgnoreCase("or") || word.equalsIgnoreCase("not");
    }

    private static boolean isName(String s) {
        try {
            AttributePath p = AttributePath.parse(s);
            return p.schemaUrn() == null && p.subAttribute() == null;
        } catch (ScimException e) {
            return false;
        }
    }

    private static boolean containsValuePath(Filter f) {
        if (f instanceof Filter.ValuePath) return true;
        if (f instanceof Filter.And a) return containsValuePath(a.left()) || containsValuePath(a.right());
        if (f instanceof Filter.Or o) return containsValuePath(o.left()) || containsValuePath(o.right());
        if (f instanceof Filter.Not n) return containsValuePath(n.inner());
        return false;
    }

    void expect(Token.Kind kind, String what) {
        if (peek().kind() != kind) throw unexpected(what);
        advance();
    }

    private ScimException unexpected(String expected) {
        return error(peek(), expected);
    }

    private ScimException error(Token at, String expected) {
        // A long filter is quoted by its start only: the detail names the position anyway.
        String quoted = input.length() <= 200 ? input : input.substring(0, 200) + "…";
        return ScimException.invalidFilter("expected " + expected + " but found " + at.describe()
                + " at position " + at.position() + " of '" + quoted + "'");
    }
}
