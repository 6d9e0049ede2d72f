package dev.roster.server.store;

import dev.roster.scim.ScimException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Times are stored as UTC text of one fixed width, e.g. {@code 2026-01-31T12:00:00.000Z}, so that text
 * order is time order in every database and a filter on meta.lastModified can use plain comparison.
 */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {}

    public static String format(Instant instant) { return FORMAT.format(instant); }

    public static String normalize(String dateTime) {
        try {
            return format(OffsetDateTime.parse(dateTime).toInstant());
        } catch (DateTimeParseException e) {
            throw ScimException.invalidFilter("'" + dateTime + "' is not an xsd:dateTime");
        }
    }
}
