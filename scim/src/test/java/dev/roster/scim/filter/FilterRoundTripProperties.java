package dev.roster.scim.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.UnicodeText;
import dev.roster.scim.path.AttributePath;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Printing any filter and parsing the text again gives the same tree; text no store can hold is refused. */
class FilterRoundTripProperties {

    @Property(tries = 500)
    void printThenParseIsIdentity(@ForAll("filters") Filter filter) {
        assertThat(FilterParser.parse(filter.toString())).isEqualTo(filter);
    }

    /** Text no store can hold (a NUL, half a surrogate pair) is refused wherever it sits in a filter's string. */
    @Property(tries = 300)
    void unstorableTextInAStringIsAnInvalidFilter(@ForAll("text") String before, @ForAll("text") String after,
                                                  @ForAll("unstorable") char bad) {
        String filter = new Filter.Comparison(AttributePath.of("userName"), Operator.EQ, TextNode.valueOf(before + bad + after)).toString();
        assertThatThrownBy(() -> FilterParser.parse(filter))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidFilter"));
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings().all().ofMaxLength(12).filter(s -> UnicodeText.firstUnstorable(s) < 0);
    }

    @Provide
    Arbitrary<Character> unstorable() {
        return Arbitraries.oneOf(Arbitraries.just('\0'), Arbitraries.chars().range('\uD800', '\uDFFF'));
    }

    @Provide
    Arbitrary<Filter> filters() {
        return filter(3, true);
    }

    private Arbitrary<Filter> filter(int depth, boolean allowValuePath) {
        Arbitrary<Filter> leaf = Arbitraries.oneOf(comparison(), present());
        if (allowValuePath) leaf = Arbitraries.oneOf(leaf, valuePath());
        if (depth == 0) return leaf;
        Arbitrary<Filter> sub = filter(depth - 1, allowValuePath);
        return Arbitraries.oneOf(leaf,
                net.jqwik.api.Combinators.combine(sub, sub).as(Filter.And::new),
                net.jqwik.api.Combinators.combine(sub, sub).as(Filter.Or::new),
                sub.map(Filter.Not::new));
    }

    private Arbitrary<Filter> valuePath() {
        return net.jqwik.api.Combinators.combine(name(), filter(2, false)).as((n, f) -> new Filter.ValuePath(AttributePath.of(n), f));
    }

    private Arbitrary<Filter> present() {
        return path().map(Filter.Present::new);
    }

    private Arbitrary<Filter> comparison() {
        return net.jqwik.api.Combinators.combine(path(), Arbitraries.of(Operator.class), literal()).as(Filter.Comparison::new);
    }

    private Arbitrary<AttributePath> path() {
        Arbitrary<String> urn = Arbitraries.of("urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        return Arbitraries.oneOf(
                name().map(AttributePath::of),
                net.jqwik.api.Combinators.combine(name(), name()).as(AttributePath::of),
                net.jqwik.api.Combinators.combine(urn, name()).as((u, n) -> new AttributePath(u, n, null)));
    }

    private Arbitrary<String> name() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('A', 'Z', '_', '-', '7').ofMinLength(1).ofMaxLength(8)
                .filter(s -> Character.isLetter(s.charAt(0)))
                .filter(s -> !s.equalsIgnoreCase("and") && !s.equalsIgnoreCase("or") && !s.equalsIgnoreCase("not"));
    }

    private Arbitrary<JsonNode> literal() {
        return Arbitraries.oneOf(
                text().map(s -> (JsonNode) TextNode.valueOf(s)),
                Arbitraries.longs().map(l -> (JsonNode) LongNode.valueOf(l)),
                Arbitraries.bigDecimals().ofScale(3).between(BigDecimal.valueOf(-1e6), BigDecimal.valueOf(1e6))
                        .map(d -> FilterParser.number(d)),
                Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.instance).map(n -> (JsonNode) n),
                Arbitraries.just(FilterParser.number(new BigDecimal("1.5E+10"))));
    }
}
