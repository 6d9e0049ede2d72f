package dev.roster.scim;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * The strings Roster accepts: Unicode text without U+0000. PostgreSQL's text and jsonb cannot hold NUL, and
 * a lone surrogate is not text at all (it would be stored as '?'); refusing both up front keeps every store
 * alike and turns what would be a database failure into a 400 that says where the character is.
 */
public final class UnicodeText {
    private UnicodeText() {}

    /** The index of the first NUL or unpaired surrogate in {@code s}, or -1 if it has none. */
    public static int firstUnstorable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) return i;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) return i;
        }
        return -1;
    }

    /** What is wrong with the character at {@code index}, for an error's detail (the value itself is not shown). */
    public static String describe(String s, int index) {
        char c = s.charAt(index);
        return c == 0 ? "the NUL character (U+0000)" : String.format("an unpaired surrogate (U+%04X)", (int) c);
    }

    /** Fails with invalidValue if any string or key in the document is not storable text. */
    public static void check(JsonNode document) {
        check(document, "");
    }

    private static void check(JsonNode node, String at) {
        if (node.isTextual()) {
            String text = node.textValue();
            int bad = firstUnstorable(text);
            if (bad >= 0) throw ScimException.invalidValue("the string at " + where(at) + " contains " + describe(text, bad));
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                int bad = firstUnstorable(field.getKey());
                if (bad >= 0) {
                    throw ScimException.invalidValue("a key in " + where(at) + " contains " + describe(field.getKey(), bad));
                }
                check(field.getValue(), at + "/" + field.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) check(node.get(i), at + "/" + i);
        }
    }

    private static String where(String pointer) {
        return pointer.isEmpty() ? "the body's top level" : "'" + pointer + "'";
    }
}
