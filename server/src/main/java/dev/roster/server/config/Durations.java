package dev.roster.server.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as an operator writes them in a flag or an environment variable: {@code 500ms}, {@code 10s}, {@code 2m}. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m)?");

    private Durations() {}

    /** Milliseconds of {@code text}; a bare number is seconds. */
    public static long parseMillis(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (write it as 500ms, 10s or 2m)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> n;
            case "m" -> n * 60_000;
            default -> n * 1_000;
        };
    }

    /** {@code millis} as a reader would say it: "10 s", "1.5 s", "200 ms". */
    public static String format(long millis) {
        if (millis < 1_000) return millis + " ms";
        if (millis % 1_000 == 0) return millis / 1_000 + " s";
        return java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + " s";
    }
}
