package dev.roster.server.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.UnicodeText;
import dev.roster.scim.schema.AttributeType;
import dev.roster.server.store.Query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Cursors for RFC 9865 pagination. A cursor is the position of a row in the query's order (its sort key
 * and creation sequence), so a page is a keyset query whatever its depth. It also carries a digest of
 * the query it belongs to and the time it was issued: a cursor used with another filter or sort is
 * {@code invalidCursor}, and one older than {@link #TIMEOUT_SECONDS} is {@code expiredCursor}.
 * Cursors are not secret: a client can only page through what its token already lets it list.
 */
final class Cursors {
    static final long TIMEOUT_SECONDS = 3600;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Clock clock;

    Cursors(Clock clock) {
        this.clock = clock;
    }

    static String queryDigest(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                sha.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String encode(Query.Keyset position, boolean before, String digest) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("q", digest);
        n.put("s", position.seq());
        n.set("k", MAPPER.valueToTree(position.sortKey()));
        if (before) n.put("b", true);
        n.put("t", clock.instant().getEpochSecond());
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MAPPER.writeValueAsBytes(n));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The position a cursor names. {@code sortType} is the type of the sortBy attribute (null without one): the
     * key must be of that type, so that a hand-made cursor is an invalidCursor rather than a failed query.
     */
    Query.Keyset decode(String cursor, String digest, AttributeType sortType) {
        JsonNode n;
        try {
            n = MAPPER.readTree(Base64.getUrlDecoder().decode(cursor));
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw invalid();
        }
        if (n == null || !n.isObject() || !n.path("s").isIntegralNumber() || !n.path("t").isIntegralNumber()
                || !n.path("q").isTextual() || !n.has("k")) {
            throw invalid();
        }
        if (!n.get("q").asText().equals(digest)) {
            throw new ScimException(400, "invalidCursor", "this cursor belongs to a query with another filter or sort order");
        }
        if (clock.instant().getEpochSecond() - n.get("t").asLong() > TIMEOUT_SECONDS) {
            throw new ScimException(400, "expiredCursor", "the cursor has expired; start again without a cursor value");
        }
        if (!n.get("s").canConvertToLong()) throw invalid();
        return new Query.Keyset(key(n.get("k"), sortType), n.get("s").asLong(), n.path("b").asBoolean(false));
    }

    private static Object key(JsonNode k, AttributeType sortType) {
        if (k.isNull()) return null;
        if (sortType == null) throw invalid(); // creation order has no sort key
        switch (sortType) {
            case BOOLEAN -> {
                // SQLite reads a JSON boolean back as 0 or 1.
                if (k.isBoolean()) return k.booleanValue();
                if (k.isIntegralNumber() && (k.asLong() == 0 || k.asLong() == 1)) return k.asLong() == 1;
            }
            case INTEGER, DECIMAL -> {
                if (k.isIntegralNumber() && k.canConvertToLong()) return k.asLong();
                if (k.isNumber()) return k.decimalValue();
            }
            default -> {
                if (k.isTextual() && UnicodeText.firstUnstorable(k.textValue()) < 0) return k.textValue();
            }
        }
        throw invalid();
    }

    private static ScimException invalid() {
        return new ScimException(400, "invalidCursor", "the cursor is not one this server issued");
    }
}
