package dev.roster.server.store;

/**
 * The time one list may spend in the database, shared by its statements (its page, its total, and at the root
 * {@code /.search} those of each resource type): each runs with what the ones before it left. So a list is refused
 * once it has spent the query timeout, however many statements it took, rather than once one statement has.
 */
public final class TimeLimit {
    private static final TimeLimit NONE = new TimeLimit(0, 0);

    private final long millis;
    private final long deadlineNanos;

    private TimeLimit(long millis, long deadlineNanos) {
        this.millis = millis;
        this.deadlineNanos = deadlineNanos;
    }

    /** A limit of {@code millis} from now; 0 for none. */
    public static TimeLimit startingNow(long millis) {
        return millis <= 0 ? NONE : new TimeLimit(millis, System.nanoTime() + millis * 1_000_000);
    }

    /**
     * The milliseconds left for the next statement (at least 1), or 0 when there is no limit. Once none are left,
     * it fails as a statement stopped at the deadline fails ({@link StoreException#isTimedOut}), without running one.
     */
    long remainingMillis() {
        if (millis == 0) return 0;
        long left = Math.floorDiv(deadlineNanos - System.nanoTime() + 999_999, 1_000_000);
        if (left <= 0) throw StoreException.timedOut("the list spent its " + millis + " ms before its next statement");
        return left;
    }
}
