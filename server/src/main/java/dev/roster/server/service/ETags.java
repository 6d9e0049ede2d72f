package dev.roster.server.service;

import dev.roster.scim.ScimException;

/** Weak entity tags from {@code meta.version} (RFC 7644 §3.14). */
public final class ETags {
    private ETags() {}

    public static String of(long version) { return "W/\"" + version + "\""; }

    /** Whether an If-Match / If-None-Match header value names this version ("*" names any). */
    public static boolean matches(String header, long version) {
        String current = String.valueOf(version);
        for (String part : header.split(",")) {
            String tag = part.trim();
            if (tag.equals("*")) return true;
            if (tag.startsWith("W/")) tag = tag.substring(2);
            if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) tag = tag.substring(1, tag.length() - 1);
            if (tag.equals(current)) return true;
        }
        return false;
    }

    /** Throws 412 when an If-Match header is present and names another version. */
    public static void checkIfMatch(String ifMatch, long version) {
        if (ifMatch != null && !ifMatch.isBlank() && !matches(ifMatch, version)) {
            throw ScimException.preconditionFailed("the resource has changed: its version is now " + of(version));
        }
    }
}
