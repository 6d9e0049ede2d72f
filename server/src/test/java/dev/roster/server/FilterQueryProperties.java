package dev.roster.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.FilterBinder;
import dev.roster.scim.filter.FilterEvaluator;
import dev.roster.scim.filter.FilterParser;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static dev.roster.server.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database answers a filter exactly as the in-memory evaluator does: random users, random filters
 * from the whole grammar, and the same result set and totalResults from both.
 */
@net.jqwik.api.lifecycle.AddLifecycleHook(SkipWithoutTestDatabase.class)
class FilterQueryProperties {
    private static final String ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final List<String> WORDS = List.of("ann", "Ann", "ANNA", "bo", "Bö", "carl", "x'y", "50%", "a_b",
            "back\\slash", "--", "ünï", "", "Zed", "émile", "𝄞clef",
            // Capitals beyond ASCII: each database must fold them as the evaluator does ('Σ' at a word's end is 'ς').
            "ÉMILE", "ÜNÏ", "ΟΔΟΣ", "οδος", "İdil", "Ωmega");
    private static final List<String> GROUP_WORDS = List.of("ann", "Bö", "x'y");
    private static final SchemaRegistry REGISTRY = SchemaRegistry.core();
    private static final ResourceType USER = REGISTRY.resourceType("User");

    private static TestServer server;
    private static ScimClient scim;
    private static List<JsonNode> everyone;
    private static List<String> groupIds;

    @BeforeContainer
    static void seed() {
        server = TestServer.start();
        scim = server.client();
        Random random = new Random(7);
        List<String> userIds = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            StringBuilder u = new StringBuilder("{'userName':'" + esc(pick(random)) + "-" + i + "@Example.com'");
            if (random.nextBoolean()) u.append(",'title':'").append(esc(pick(random))).append("'");
            if (random.nextBoolean()) u.append(",'displayName':'").append(esc(pick(random))).append("'");
            if (random.nextInt(3) > 0) u.append(",'active':").append(random.nextBoolean());
            if (random.nextBoolean()) u.append(",'externalId':'").append(esc(pick(random))).append("'");
            if (random.nextBoolean()) u.append(",'name':{'givenName':'").append(esc(pick(random))).append("'}");
            if (random.nextBoolean()) {
                u.append(",'emails':[");
                int n = 1 + random.nextInt(3);
                for (int e = 0; e < n; e++) {
                    if (e > 0) u.append(',');
                    u.append("{'type':'").append(List.of("work", "home", "other").get(random.nextInt(3)))
                            .append("','value':'").append(esc(pick(random))).append("@x.org'")
                            .append(e == 0 && random.nextBoolean() ? ",'primary':true" : "").append('}');
                }
                u.append(']');
            }
            if (random.nextBoolean()) {
                u.append(",'").append(ENT).append("':{'department':'").append(esc(pick(random))).append("'")
                        .append(random.nextBoolean() ? ",'manager':{'value':'m" + random.nextInt(3) + "'}" : "").append('}');
            }
            u.append('}');
            ScimClient.Response r = scim.post("/Users", u.toString());
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            userIds.add(r.json().get("id").asText());
        }
        groupIds = new ArrayList<>();
        for (int g = 0; g < 3; g++) {
            StringBuilder members = new StringBuilder();
            for (String id : userIds) {
                if (random.nextInt(4) == 0) members.append(members.length() == 0 ? "" : ",").append("{'value':'").append(id).append("'}");
            }
            groupIds.add(scim.post("/Groups", "{'displayName':'" + esc(GROUP_WORDS.get(g)) + " group','members':[" + members + "]}")
                    .json().get("id").asText());
        }
        everyone = new ArrayList<>();
        scim.get("/Users?count=1000").json().get("Resources").forEach(everyone::add);
        assertThat(everyone).hasSize(40);
    }

    @AfterContainer
    static void stop() {
        if (server != null) server.close();
    }

    private static String pick(Random r) { return WORDS.get(r.nextInt(WORDS.size())); }

    private static String esc(String s) { return s.replace("\\", "\\\\").replace("'", "\\'"); }

    @Property(tries = 300)
    void theDatabaseAgreesWithTheEvaluator(@ForAll("filters") String filter) {
        Filter bound = FilterBinder.bind(FilterParser.parse(filter), USER, REGISTRY);
        Set<String> expected = new TreeSet<>();
        for (JsonNode u : everyone) if (FilterEvaluator.matches(bound, u, USER, REGISTRY)) expected.add(u.get("id").asText());

        Statistics.label("result size").collect(expected.isEmpty() ? "none" : expected.size() == everyone.size() ? "all" : "some");
        ScimClient.Response r = scim.get("/Users?count=1000&filter=" + q(filter));
        assertThat(r.status()).as(filter + " -> " + r).isEqualTo(200);
        Set<String> actual = new TreeSet<>();
        r.json().get("Resources").forEach(u -> actual.add(u.get("id").asText()));
        assertThat(actual).as(filter).isEqualTo(expected);
        assertThat(r.json().get("totalResults").asInt()).as(filter).isEqualTo(expected.size());
    }

    /**
     * {@code userName eq} on a first page, the lookup IdPs make before every create, is read by a statement
     * of its own: it must answer exactly what the general query and a read by id answer, in any case.
     */
    @Property(tries = 60)
    void userNameLookupsAgreeWithTheGeneralQuery(@ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 39) int index,
                                                 @ForAll boolean upper, @ForAll boolean missing) {
        JsonNode user = everyone.get(index);
        String name = user.get("userName").asText() + (missing ? "-nobody" : "");
        String asked = "\"" + (upper ? name.toUpperCase(java.util.Locale.ROOT) : name).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        JsonNode lookup = scim.get("/Users?filter=" + q("userName eq " + asked)).json();
        // "and userName pr" changes nothing but takes the general path: a page query in a transaction.
        JsonNode general = scim.get("/Users?filter=" + q("userName eq " + asked + " and userName pr")).json();
        assertThat(lookup).as(asked).isEqualTo(general);
        assertThat(lookup.get("totalResults").asInt()).isEqualTo(missing ? 0 : 1);
        if (!missing) {
            assertThat(lookup.at("/Resources/0")).isEqualTo(scim.get("/Users/" + user.get("id").asText()).json());
        }
    }

    /** Sorted listings follow SortSpec's comparator, with creation order breaking ties. */
    @Property(tries = 150)
    void sortedPagesFollowTheComparator(@ForAll("filters") String filter, @ForAll("sortables") String sortBy,
                                        @ForAll boolean descending) {
        Filter bound = FilterBinder.bind(FilterParser.parse(filter), USER, REGISTRY);
        dev.roster.scim.list.SortSpec sort = dev.roster.scim.list.SortSpec.of(sortBy, descending ? "descending" : "ascending",
                USER, REGISTRY);
        List<String> expected = new ArrayList<>();
        everyone.stream().filter(u -> FilterEvaluator.matches(bound, u, USER, REGISTRY))
                .sorted(sort.comparator(USER, REGISTRY)) // a stable sort: ties keep creation order
                .forEach(u -> expected.add(u.get("id").asText()));

        String query = "/Users?count=1000&sortBy=" + q(sortBy) + "&sortOrder=" + (descending ? "descending" : "ascending")
                + "&filter=" + q(filter);
        List<String> actual = new ArrayList<>();
        scim.get(query).json().get("Resources").forEach(u -> actual.add(u.get("id").asText()));
        assertThat(actual).as(query).isEqualTo(expected);

        // Cursor pages walked forward give the same order.
        List<String> paged = new ArrayList<>();
        String cursor = "";
        for (int pages = 0; cursor != null && pages < 50; pages++) {
            JsonNode page = scim.get(query.replace("count=1000", "count=7") + "&cursor=" + q(cursor)).json();
            page.get("Resources").forEach(u -> paged.add(u.get("id").asText()));
            cursor = page.has("nextCursor") ? page.get("nextCursor").asText() : null;
        }
        assertThat(paged).as(query + " by cursor").isEqualTo(expected);

        // So do index pages walked in order (the second and later pages seek where the previous one ended).
        List<String> indexed = new ArrayList<>();
        for (int start = 1; start <= expected.size(); start += 7) {
            JsonNode page = scim.get(query.replace("count=1000", "count=7") + "&startIndex=" + start).json();
            assertThat(page.get("totalResults").asInt()).isEqualTo(expected.size());
            page.get("Resources").forEach(u -> indexed.add(u.get("id").asText()));
        }
        assertThat(indexed).as(query + " by startIndex").isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> sortables() {
        return Arbitraries.of("userName", "title", "displayName", "externalId", "name.givenName", "active", "emails",
                "emails.value", "emails.type", ENT + ":department", ENT + ":manager.value", "meta.created", "id");
    }

    @Provide
    Arbitrary<String> filters() {
        return filter(2);
    }

    private Arbitrary<String> filter(int depth) {
        Arbitrary<String> leaf = Arbitraries.oneOf(textComparison(), booleanComparison(), presence(), valuePath(), groupMembership(),
                dateTimeComparison(), schemas());
        if (depth == 0) return leaf;
        Arbitrary<String> sub = filter(depth - 1);
        return Arbitraries.oneOf(leaf,
                Combinators.combine(sub, sub).as((a, b) -> a + " and " + b),
                Combinators.combine(sub, sub).as((a, b) -> a + " or " + b),
                Combinators.combine(sub, sub).as((a, b) -> "(" + a + " or " + b + ")"),
                sub.map(a -> "not (" + a + ")"));
    }

    private static final List<String> TEXT_ATTRIBUTES = List.of("userName", "UserName", "title", "displayName", "externalId",
            "name.givenName", "emails.value", "emails", "emails.type", ENT + ":department", ENT + ":manager.value", "id");

    private Arbitrary<String> literal() {
        return Arbitraries.oneOf(Arbitraries.of(WORDS), Arbitraries.of("@x.org", "-1@example.com", "work", "m1", "a", "N"))
                .map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }

    private Arbitrary<String> textComparison() {
        return Combinators.combine(Arbitraries.of(TEXT_ATTRIBUTES),
                Arbitraries.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "EQ", "Co"), literal())
                .as((a, op, v) -> a + " " + op + " " + v);
    }

    private Arbitrary<String> booleanComparison() {
        return Combinators.combine(Arbitraries.of("active", "emails.primary"), Arbitraries.of("eq", "ne"),
                Arbitraries.of("true", "false", "null")).as((a, op, v) -> a + " " + op + " " + v);
    }

    /** meta.created against the users' own times, written with other offsets and precisions. */
    private Arbitrary<String> dateTimeComparison() {
        return Combinators.combine(Arbitraries.of("meta.created", "meta.lastModified"),
                Arbitraries.of("eq", "ne", "gt", "ge", "lt", "le"), Arbitraries.integers().between(0, 39),
                Arbitraries.of("Z", "+02:00", "-05:30", "")).as((a, op, i, zone) -> {
                    java.time.OffsetDateTime t = java.time.OffsetDateTime.parse(everyone.get(i).at("/meta/created").asText());
                    // No zone at all: the time in UTC, written without one.
                    java.time.ZoneOffset offset = zone.equals("Z") || zone.isEmpty() ? java.time.ZoneOffset.UTC : java.time.ZoneOffset.of(zone);
                    String time = zone.isEmpty() ? t.withOffsetSameInstant(offset).toLocalDateTime().toString()
                            : t.withOffsetSameInstant(offset).toString();
                    String literal = "\"" + time + "\"";
                    // meta is single-valued: a value filter on it tests the one object.
                    if (i % 3 == 0) return "meta[" + a.substring("meta.".length()) + " " + op + " " + literal + "]";
                    return a + " " + op + " " + literal;
                });
    }

    /** Every operator with every awkward literal, each once: quotes, %, _, backslashes, --, non-ASCII. */
    @net.jqwik.api.Example
    void hostileLiteralsThroughEveryOperator() {
        for (String op : List.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le")) {
            for (String word : WORDS) {
                for (String attribute : List.of("userName", "title", "emails.value", ENT + ":department")) {
                    String literal = "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
                    theDatabaseAgreesWithTheEvaluator(attribute + " " + op + " " + literal);
                }
            }
        }
        theDatabaseAgreesWithTheEvaluator("title eq \"x' OR '1'='1\" or title eq \"'; DROP TABLE resources; --\"");
        assertThat(scim.get("/Users?count=1").status()).isEqualTo(200);
    }

    private Arbitrary<String> presence() {
        return Arbitraries.of("title", "active", "emails", "name", "name.givenName", "externalId", ENT + ":manager",
                "displayName", "groups", "emails.primary").map(a -> a + " pr");
    }

    /** The URNs in {@code schemas} (RFC 7644 §3.4.2.2), and the extension named as a whole. */
    private Arbitrary<String> schemas() {
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of("eq", "ne", "co", "sw", "ew", "gt", "lt"),
                        Arbitraries.of(ENT, ENT.toUpperCase(java.util.Locale.ROOT), "urn:ietf:params:scim:schemas:core:2.0:User",
                                "enterprise", "urn:ietf:params:scim:schemas:", ":User", "urn:example:none", "urn:ietf:params:scim:schemas:d"))
                        .as((op, v) -> "schemas " + op + " \"" + v + "\""),
                Arbitraries.of("schemas pr", "schemas eq null", ENT + " pr"));
    }

    private Arbitrary<String> valuePath() {
        Arbitrary<String> inner = Combinators.combine(Arbitraries.of("type", "value"), Arbitraries.of("eq", "ne", "co", "sw"), literal())
                .as((a, op, v) -> a + " " + op + " " + v);
        return Arbitraries.oneOf(
                Combinators.combine(inner, inner).as((a, b) -> "emails[" + a + " and " + b + "]"),
                Combinators.combine(inner, inner).as((a, b) -> "emails[" + a + " or not (" + b + ")]"),
                Combinators.combine(inner, literal()).as((a, v) -> "emails[" + a + "].value co " + v),
                inner.map(a -> "emails[" + a + " and primary eq true]"),
                // Single-valued complex attributes: the value filter applies to the one object.
                literal().map(v -> "name[givenName co " + v + "]"),
                literal().map(v -> "name[not (givenName eq " + v + ")]"),
                literal().map(v -> ENT + ":manager[value eq " + v + " or not (value pr)]"));
    }

    private Arbitrary<String> groupMembership() {
        return Arbitraries.integers().between(0, 2).flatMap(i -> Arbitraries.of(
                "groups.value eq \"" + groupIds.get(i) + "\"",
                "groups eq \"" + groupIds.get(i) + "\"",
                "groups.display sw \"" + GROUP_WORDS.get(i).toUpperCase() + "\"",
                "groups[display co \"GROUP\"]",
                // Value filters whose every match needs a group id also search the membership index first.
                "groups[value eq \"" + groupIds.get(i) + "\"]",
                "groups[value eq \"" + groupIds.get(i).toUpperCase(java.util.Locale.ROOT) + "\" and type eq \"direct\"]",
                "groups[value ge \"" + groupIds.get(i) + "\" and not (display sw \"" + GROUP_WORDS.get(i) + "\")]"));
    }
}
