package dev.roster.scim.list;

import dev.roster.scim.ScimException;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.FilterParser;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * The query parameters of a list request (RFC 7644 §3.4.2, RFC 9865). {@code startIndex} below 1 means 1
 * and a negative {@code count} means 0 (§3.4.2.4); a count above {@code maxCount} is cut to it.
 * {@code cursor} is null for index pagination, "" for the first cursor page, else the cursor given.
 * {@code sortBy} and {@code sortOrder} stay text: they mean something only for a resource type.
 */
public record ListRequest(Filter filter, int startIndex, int count, Projection projection, String sortBy,
                          String sortOrder, String cursor) {
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

    public static ListRequest of(String filter, String startIndex, String count, String attributes,
                                 String excludedAttributes, String sortBy, String sortOrder, String cursor,
                                 int defaultCount, int maxCount) {
        Filter f = filter == null || filter.isBlank() ? null : FilterParser.parse(filter);
        if (cursor != null && startIndex != null && !startIndex.isBlank()) {
            throw ScimException.invalidValue("use either 'cursor' or 'startIndex', not both");
        }
        int start = Math.max(1, integer("startIndex", startIndex, 1));
        int c = integer("count", count, defaultCount);
        c = Math.min(Math.max(0, c), maxCount);
        return new ListRequest(f, start, c, Projection.parse(attributes, excludedAttributes), sortBy, sortOrder,
                cursor == null ? null : cursor.trim());
    }

    /** An integer however many digits it has: one past the int range is a page past every result, or every result. */
    private static int integer(String name, String text, int fallback) {
        if (text == null || text.isBlank()) return fallback;
        String digits = text.trim();
        if (!INTEGER.matcher(digits).matches()) {
            throw ScimException.invalidValue("'" + name + "' must be an integer, not '" + text + "'");
        }
        BigInteger v = new BigInteger(digits);
        return v.max(INT_MIN).min(INT_MAX).intValue();
    }
}
