package dev.roster.scim.filter;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.path.AttributePath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterParserTest {

    private static Filter.Comparison eq(String attr, String value) {
        return new Filter.Comparison(AttributePath.parse(attr), Operator.EQ, TextNode.valueOf(value));
    }

    @Test
    void parsesTheOktaLookup() {
        assertThat(FilterParser.parse("userName eq \"test.user@okta.local\""))
                .isEqualTo(eq("userName", "test.user@okta.local"));
    }

    @Test
    void operatorsAndKeywordsIgnoreCase() {
        assertThat(FilterParser.parse("username Eq \"x\" AND active EQ TRUE"))
                .isEqualTo(new Filter.And(eq("username", "x"),
                        new Filter.Comparison(AttributePath.of("active"), Operator.EQ, BooleanNode.TRUE)));
    }

    @Test
    void andBindsTighterThanOr() {
        assertThat(FilterParser.parse("a eq \"1\" or b eq \"2\" and c eq \"3\""))
                .isEqualTo(new Filter.Or(eq("a", "1"), new Filter.And(eq("b", "2"), eq("c", "3"))));
        assertThat(FilterParser.parse("(a eq \"1\" or b eq \"2\") and c eq \"3\""))
                .isEqualTo(new Filter.And(new Filter.Or(eq("a", "1"), eq("b", "2")), eq("c", "3")));
    }

    @Test
    void notNeedsParentheses() {
        assertThat(FilterParser.parse("not (a eq \"1\")")).isEqualTo(new Filter.Not(eq("a", "1")));
        assertThat(FilterParser.parse("not(a pr)")).isEqualTo(new Filter.Not(new Filter.Present(AttributePath.of("a"))));
    }

    @Test
    void valuePathsAndEntrasTrailingSubAttribute() {
        assertThat(FilterParser.parse("emails[type eq \"work\" and value co \"@example.com\"]"))
                .isEqualTo(new Filter.ValuePath(AttributePath.of("emails"), new Filter.And(eq("type", "work"),
                        new Filter.Comparison(AttributePath.of("value"), Operator.CO, TextNode.valueOf("@example.com")))));
        assertThat(FilterParser.parse("emails[type eq \"work\"].value eq \"x@y\""))
                .isEqualTo(new Filter.ValuePath(AttributePath.of("emails"), new Filter.And(eq("type", "work"), eq("value", "x@y"))));
    }

    @Test
    void urnQualifiedPathsSplitOnTheLastColon() {
        Filter f = FilterParser.parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"42\"");
        assertThat(f).isEqualTo(new Filter.Comparison(
                new AttributePath("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "manager", "value"),
                Operator.EQ, TextNode.valueOf("42")));
    }

    @Test
    void literals() {
        assertThat(FilterParser.parse("a eq 42")).isEqualTo(new Filter.Comparison(AttributePath.of("a"), Operator.EQ, LongNode.valueOf(42)));
        assertThat(FilterParser.parse("a eq 4.20")).isEqualTo(FilterParser.parse("a eq 4.2"));
        assertThat(FilterParser.parse("a eq null")).isEqualTo(new Filter.Comparison(AttributePath.of("a"), Operator.EQ, NullNode.instance));
        assertThat(FilterParser.parse("a eq \"q\\\"uote\\\\ \\u00e9\\n\""))
                .isEqualTo(eq("a", "q\"uote\\ é\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "userName", "userName eq", "userName eq \"x", "userName zz \"x\"", "(userName eq \"x\"",
            "userName eq \"x\")", "userName eq \"x\" and", "emails[type eq \"work\"", "emails[x[y eq 1]]",
            "userName eq 'x'", "userName eq \"x\" or or a pr", "not a eq \"x\"", "a eq 1.", "a eq -", "a eq \"\\q\"",
            // \\u takes four ASCII hex digits: no sign, no other script's digits.
            "a eq \"\\u+041\"", "a eq \"\\u-001\"", "a eq \"\\u٠٠٤١\"", "a eq \"\\u004\""})
    void malformedFiltersAreInvalidFilter(String text) {
        assertThatThrownBy(() -> FilterParser.parse(text))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo("invalidFilter");
                });
    }

    @Test
    void aFilterIsLimitedInSizeAndNesting() {
        String comparison = "userName eq \"x\"";
        String most = String.join(" and ", java.util.Collections.nCopies(FilterParser.MAX_COMPARISONS, comparison));
        assertThat(FilterParser.parse(most)).isInstanceOf(Filter.And.class);
        assertThatThrownBy(() -> FilterParser.parse(most + " or title pr"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidFilter"))
                .hasMessageContaining("more than " + FilterParser.MAX_COMPARISONS + " comparisons");

        int deepest = FilterParser.MAX_NESTING;
        assertThat(FilterParser.parse("not (".repeat(deepest - 1) + "emails[value eq \"x\"]" + ")".repeat(deepest - 1)))
                .isInstanceOf(Filter.Not.class);
        // Far past the limit it is still an invalidFilter, not a stack overflow.
        for (int depth : new int[]{deepest + 1, 100_000}) {
            assertThatThrownBy(() -> FilterParser.parse("(".repeat(depth) + comparison + ")".repeat(depth)))
                    .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidFilter"))
                    .hasMessageContaining("more than " + deepest + " deep");
        }
        // A long filter's error quotes its start, not all of it.
        assertThatThrownBy(() -> FilterParser.parse("userName eq \"" + "x".repeat(100_000) + "\" and"))
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(1_000));
    }

    @Test
    void errorsSayWhere() {
        assertThatThrownBy(() -> FilterParser.parse("userName eq \"x\" and"))
                .hasMessageContaining("position 19").hasMessageContaining("attribute name");
        assertThatThrownBy(() -> FilterParser.parse("userName xx \"x\""))
                .hasMessageContaining("position 9").hasMessageContaining("operator");
        // An unquoted id, as an old tutorial of Entra's shows them, is named whole, with what a value must be.
        for (String id : new String[]{"54D382A4-2050-4C03-94D1-E769F1D15682", "764124ed-7e45-422d-bd41-63587d8e7c25", "1.", "-"}) {
            assertThatThrownBy(() -> FilterParser.parse("id eq " + id))
                    .hasMessageContaining("position 6").hasMessageContaining("double quotes").hasMessageContaining("'" + id + "'");
        }
    }
}
