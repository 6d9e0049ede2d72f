package dev.roster.scim.list;

import dev.roster.scim.ScimException;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.FilterParser;

/**
 * The query parameters of a list request (RFC 7644 §3.4.2). {@code startIndex} below 1 means 1 and a
 * negative {@code count} means 0 (§3.4.2.4); a count above {@code maxCount} is cut to it.
 */
public record ListRequest(Filter filter, int startIndex, int count, Projection projection) {

    public static ListRequest of(String filter, String startIndex, String count, String attributes,
                                 String excludedAttributes, int defaultCount, int maxCount) {
        Filter f = filter == null || filter.isBlank() ? null : FilterParser.parse(filter);
        int start = Math.max(1, integer("startIndex", startIndex, 1));
        int c = integer("count", count, defaultCount);
        c = Math.min(Math.max(0, c), maxCount);
        return new ListRequest(f, start, c, Projection.parse(attributes, excludedAttributes));
    }

    private static int integer(String name, String text, int fallback) {
        if (text == null || text.isBlank()) return fallback;
        try {
            long v = Long.parseLong(text.trim());
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
        } catch (NumberFormatException e) {
            throw ScimException.invalidValue("'" + name + "' must be an integer, not '" + text + "'");
        }
    }
}
