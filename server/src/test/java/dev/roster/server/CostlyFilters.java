package dev.roster.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Users on whom a filter is costly at a small size, for the tests of the query timeout and of scans' turns. Phone
 * numbers are not indexed: a filter of 100 terms on 200 users of 250 numbers checks 5,000,000 values, seconds of
 * work on either database (2.4 s on PostgreSQL, 5.5 s on SQLite, measured), where one term takes tens of
 * milliseconds; the work grows with the terms.
 */
final class CostlyFilters {
    static final int USERS = 200;
    static final int PHONES = 250;

    private CostlyFilters() {}

    /** Creates the users {@code caller0} to {@code caller199}, user u's numbers being "+1 555 u p". */
    static void createCallers(ScimClient scim) {
        for (int u = 0; u < USERS; u++) {
            StringBuilder phones = new StringBuilder();
            for (int p = 0; p < PHONES; p++) {
                phones.append(p == 0 ? "" : ",").append("{\"value\":\"+1 555 ").append(u).append(' ').append(p).append("\"}");
            }
            String body = "{\"userName\":\"caller" + u + "\",\"externalId\":\"ext-" + u + "\",\"phoneNumbers\":[" + phones + "]}";
            assertThat(scim.send("POST", "/Users", body).status()).isEqualTo(201);
        }
    }

    /** {@code terms} comparisons that no phone number matches, ORed: each is checked against every number. */
    static String costly(int terms) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < terms; i++) parts.add("phoneNumbers[value co \"+9 " + i + "\"]");
        return String.join(" or ", parts);
    }

    /** {@code r} is the 400 tooMany of a list stopped by a query timeout of {@code limit} ("500 ms"). */
    static void assertTooMany(ScimClient.Response r, String limit) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        JsonNode error = r.json();
        assertThat(error.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(error.path("scimType").asText()).isEqualTo("tooMany");
        assertThat(error.path("detail").asText()).contains(limit);
    }

    /** A SearchRequest body for {@code filter}; {@code more} is further members, each after a comma. */
    static String search(String filter, String more) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],\"filter\":"
                + JsonNodeFactory.instance.textNode(filter) + more + "}";
    }
}
