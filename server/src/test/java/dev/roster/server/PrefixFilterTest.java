package dev.roster.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.TreeSet;

import static dev.roster.server.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sw} on an indexed attribute reads a range of its index, from the prefix to the least text above every
 * text that starts with it: exact where that end must step over the surrogates or past the last code point.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrefixFilterTest {
    private final TestServer server = TestServer.start();
    private final ScimClient scim = server.client();

    private static final String LAST = new String(Character.toChars(Character.MAX_CODE_POINT));
    // Beside each prefix, names just inside and just outside its range.
    private static final List<String> NAMES = List.of("p\uD7FF", "p\uD7FFz", "p\uE000", "p\uD7FE",
            "q" + LAST, "q" + LAST + "z", "r", "q\uFFFF", "\uD800\uDC00x", "ab", "abc", "abd", "aBx", "ac");

    PrefixFilterTest() {
        for (String name : NAMES) {
            String body = "{\"userName\":\"" + name + "\",\"displayName\":\"" + name + "\",\"externalId\":\"" + name
                    + "\",\"emails\":[{\"value\":\"" + name + "@x.org\"}]}";
            assertThat(scim.send("POST", "/Users", body).status()).as(name).isEqualTo(201);
            assertThat(scim.send("POST", "/Groups", "{\"displayName\":\"" + name + "\"}").status()).as(name).isEqualTo(201);
        }
    }

    @AfterAll
    void stop() { server.close(); }

    @Test
    void aPrefixFindsExactlyTheNamesThatStartWithIt() {
        for (String prefix : List.of("p\uD7FF", "q" + LAST, "q", "\uD800\uDC00", "ab", "AB", "a", LAST, "")) {
            for (String attribute : List.of("userName", "displayName", "externalId", "emails.value")) {
                boolean folds = !attribute.equals("externalId");
                TreeSet<String> expected = new TreeSet<>();
                for (String name : NAMES) {
                    String value = attribute.equals("emails.value") ? name + "@x.org" : name;
                    if (folds ? value.toLowerCase(java.util.Locale.ROOT).startsWith(prefix.toLowerCase(java.util.Locale.ROOT))
                            : value.startsWith(prefix)) expected.add(name);
                }
                String filter = attribute + " sw \"" + prefix + "\"";
                assertThat(names(scim.get("/Users?count=100&filter=" + q(filter)).json())).as(filter).isEqualTo(expected);
                if (attribute.equals("displayName")) {
                    assertThat(names(scim.get("/Groups?count=100&excludedAttributes=members&filter=" + q(filter)).json()))
                            .as("Groups " + filter).isEqualTo(expected);
                }
            }
        }
    }

    private static TreeSet<String> names(JsonNode page) {
        TreeSet<String> names = new TreeSet<>();
        page.get("Resources").forEach(r -> names.add(r.get("displayName").asText()));
        return names;
    }
}
