package dev.roster.scim.path;

import dev.roster.scim.ScimException;

/**
 * An attribute reference (RFC 7644 §3.10): an optional schema URN, an attribute and an optional
 * sub-attribute, e.g. {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value}.
 * Names keep the case they were written in; resolution against a schema ignores case.
 */
public record AttributePath(String schemaUrn, String attribute, String subAttribute) {

    public AttributePath {
        if (attribute == null || attribute.isEmpty()) throw new IllegalArgumentException("attribute is required");
    }

    public static AttributePath of(String attribute) { return new AttributePath(null, attribute, null); }

    public static AttributePath of(String attribute, String subAttribute) { return new AttributePath(null, attribute, subAttribute); }

    /**
     * Parses {@code [urn:]attr[.sub]}. The URN is everything up to the last colon, so the dots in
     * "2.0" are never taken for a sub-attribute separator.
     */
    public static AttributePath parse(String text) {
        String urn = null;
        String rest = text;
        if (text.regionMatches(true, 0, "urn:", 0, 4)) {
            int colon = text.lastIndexOf(':');
            urn = text.substring(0, colon);
            rest = text.substring(colon + 1);
        }
        int dot = rest.indexOf('.');
        String attr = dot < 0 ? rest : rest.substring(0, dot);
        String sub = dot < 0 ? null : rest.substring(dot + 1);
        if (!isName(attr) || (sub != null && !isName(sub))) {
            throw ScimException.invalidPath("'" + text + "' is not an attribute path");
        }
        return new AttributePath(urn, attr, sub);
    }

    /** ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA; "$ref" is allowed too. */
    static boolean isName(String s) {
        if (s.isEmpty()) return false;
        if (s.equals("$ref")) return true;
        if (!Character.isLetter(s.charAt(0))) return false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_')) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (schemaUrn != null) sb.append(schemaUrn).append(':');
        sb.append(attribute);
        if (subAttribute != null) sb.append('.').append(subAttribute);
        return sb.toString();
    }
}
