package dev.roster.server.store;

import java.sql.SQLException;

/**
 * A storage failure. {@link #isUniqueViolation()} tells a broken unique constraint (the database decides
 * uniqueness, also between racing requests) from a database that is unavailable or broken.
 */
public final class StoreException extends RuntimeException {
    /** What failed, which decides the answer: see the accessors below. */
    private enum Kind {
        UNIQUE_VIOLATION, UNAVAILABLE, TIMED_OUT, STOPPED_BY_DATABASE, STORAGE_FULL, READ_ONLY, CONNECTION_LOST,
        COMMIT_OUTCOME_UNKNOWN, OTHER
    }

    private final Kind kind;

    private StoreException(String message, Throwable cause, Kind kind) {
        super(message, cause);
        this.kind = kind;
    }

    public static StoreException from(SQLException e) {
        String msg = String.valueOf(e.getMessage());
        return new StoreException(msg, e, kindOf(e.getSQLState(), msg, e));
    }

    private static Kind kindOf(String state, String msg, SQLException e) {
        if ("23505".equals(state) || msg.contains("UNIQUE constraint failed") || msg.contains("SQLITE_CONSTRAINT_UNIQUE")
                || msg.contains("SQLITE_CONSTRAINT_PRIMARYKEY")) {
            return Kind.UNIQUE_VIOLATION;
        }
        // PostgreSQL's disk_full, or SQLite's (also its answer at a page limit).
        if ("53100".equals(state) || msg.contains("SQLITE_FULL")) return Kind.STORAGE_FULL;
        // PostgreSQL's read_only_sql_transaction (a standby), or a connection SQLite opened read-only.
        if ("25006".equals(state) || msg.contains("SQLITE_READONLY")) return Kind.READ_ONLY;
        // PostgreSQL's query_canceled (statement_timeout, or an administrator's cancel) and lock_not_available (lock_timeout).
        if ("57014".equals(state) || "55P03".equals(state)) return Kind.STOPPED_BY_DATABASE;
        // SQLite stopped by a list's progress handler; on PostgreSQL a list's own time-out is told apart where it is set.
        if (msg.contains("SQLITE_INTERRUPT")) return Kind.TIMED_OUT;
        // Connection failures (SQLState class 08), pool time-outs and a locked database pass; other errors are bugs.
        if ((state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")))
                || e instanceof java.sql.SQLTransientException
                || msg.contains("SQLITE_BUSY") || msg.contains("SQLITE_LOCKED") || msg.contains("SQLITE_CANTOPEN")) {
            return Kind.UNAVAILABLE;
        }
        return Kind.OTHER;
    }

    /** The database's own error behind a failure (the first in its causes), or null for a failure of the work's own. */
    static SQLException databaseError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) return sql;
        }
        return null;
    }

    /** Whether {@code failure} is, or was caused by, a database that took no writes ({@link #isReadOnly}). */
    static boolean takesNoWrites(Throwable failure) {
        SQLException sql = databaseError(failure);
        return sql != null && from(sql).isReadOnly();
    }

    /**
     * Whether {@code failure} is, or was caused by, a connection that no longer leads to the database: broken (SQLState
     * class 08, which is also HikariCP's "Connection is closed") or ended by the server (57P01-57P03: an administrator, a
     * shutdown, a restart).
     */
    static boolean lostConnection(Throwable failure) {
        SQLException sql = databaseError(failure);
        String state = sql == null ? null : sql.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"));
    }

    /** A write whose connection was lost before it committed ({@link #lostConnection}): nothing was written, so it may run again. */
    static StoreException connectionLost(Throwable cause) {
        return new StoreException("the database connection was lost before the write committed: " + cause.getMessage(), cause,
                Kind.CONNECTION_LOST);
    }

    /**
     * A write whose connection was lost ({@link #lostConnection}) while its commit was under way: it may or may not
     * have landed, so it is not simply run again ({@link #isCommitOutcomeUnknown}).
     */
    static StoreException commitOutcomeUnknown(Throwable cause) {
        return new StoreException("the database connection was lost while the write committed: " + cause.getMessage(), cause,
                Kind.COMMIT_OUTCOME_UNKNOWN);
    }

    /** The database cannot take the work now (it is closing, for one): a 503. */
    static StoreException unavailable(String message) {
        return new StoreException(message, null, Kind.UNAVAILABLE);
    }

    /** A list that spent its time limit before its next statement ({@link TimeLimit}): as if that statement was stopped. */
    static StoreException timedOut(String message) {
        return timedOut(message, null);
    }

    /** A list's statement that the database stopped at the list's own time limit ({@link Dialect#withTimeLimit}). */
    static StoreException timedOut(String message, SQLException cause) {
        return new StoreException(message, cause, Kind.TIMED_OUT);
    }

    public boolean isUniqueViolation() { return kind == Kind.UNIQUE_VIOLATION; }

    /** A list's statement was stopped for running longer than the list's time limit ({@link Dialect#withTimeLimit}). */
    public boolean isTimedOut() { return kind == Kind.TIMED_OUT; }

    /**
     * The database stopped a statement at a limit of its own: PostgreSQL's statement_timeout or lock_timeout for
     * Roster's role (most often met while something else holds a lock), or an administrator cancelled it.
     */
    public boolean isStoppedByDatabase() { return kind == Kind.STOPPED_BY_DATABASE; }

    /** The database setting that stopped the statement ({@link #isStoppedByDatabase}), as its operator would look for it. */
    public String databaseLimit() {
        Throwable c = getCause();
        return c instanceof SQLException se && "55P03".equals(se.getSQLState()) ? "lock_timeout"
                : "statement_timeout, or an administrator's cancel";
    }

    /**
     * A serialization failure or deadlock: the transaction can simply run again. So can one that referred to
     * a row deleted after it was read (a foreign key failed): the next attempt reads again and reports that.
     * And one that met a database taking no writes, or whose connection was lost before it committed: it runs again
     * on another connection ({@link #isReadOnly}, {@link #connectionLost}); not one lost during its commit.
     */
    public boolean isRetryable() {
        Throwable c = getCause();
        String state = c instanceof SQLException se ? se.getSQLState() : null;
        return "40001".equals(state) || "40P01".equals(state) || "23503".equals(state) || kind == Kind.READ_ONLY
                || kind == Kind.CONNECTION_LOST;
    }

    /**
     * The database took no writes on this connection: on PostgreSQL a standby, which is what a connection to the old
     * primary reaches after a failover. That connection is given up, so the write may run again on a new one.
     */
    public boolean isReadOnly() { return kind == Kind.READ_ONLY; }

    /**
     * The database has no room for the write (the disk is full): nothing of the transaction was stored, and writes
     * succeed again once its operator has freed space, without a restart.
     */
    public boolean isStorageFull() { return kind == Kind.STORAGE_FULL; }

    /**
     * A write lost with its connection during its commit ({@link #commitOutcomeUnknown}): whether it landed is for a
     * read on another connection to tell.
     */
    public boolean isCommitOutcomeUnknown() { return kind == Kind.COMMIT_OUTCOME_UNKNOWN; }

    /** The database could not be reached or is busy: worth a retry, so a 503 rather than a 500. */
    public boolean isUnavailable() {
        return kind == Kind.UNAVAILABLE || kind == Kind.READ_ONLY || kind == Kind.CONNECTION_LOST
                || kind == Kind.COMMIT_OUTCOME_UNKNOWN;
    }

    /**
     * Every pooled connection stayed in use for the pool's whole wait, and none had failed to open: the database
     * is up and busy rather than gone. HikariCP gives the last failure to connect as its time-out's cause.
     */
    public boolean isPoolBusy() {
        return getCause() instanceof java.sql.SQLTransientConnectionException t && t.getCause() == null;
    }
}
