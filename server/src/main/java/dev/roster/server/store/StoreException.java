package dev.roster.server.store;

import java.sql.SQLException;

/**
 * A storage failure. {@link #isUniqueViolation()} tells a broken unique constraint (the database decides
 * uniqueness, also between racing requests) from a database that is unavailable or broken.
 */
public final class StoreException extends RuntimeException {
    private final boolean uniqueViolation;
    private final boolean unavailable;
    private final boolean timedOut;
    private final boolean stoppedByDatabase;
    private final boolean storageFull;
    private final boolean readOnly;
    private final boolean connectionLost;

    private StoreException(String message, Throwable cause, boolean unique, boolean unavailable, boolean timedOut,
                           boolean stoppedByDatabase, boolean storageFull, boolean readOnly) {
        this(message, cause, unique, unavailable, timedOut, stoppedByDatabase, storageFull, readOnly, false);
    }

    private StoreException(String message, Throwable cause, boolean unique, boolean unavailable, boolean timedOut,
                           boolean stoppedByDatabase, boolean storageFull, boolean readOnly, boolean connectionLost) {
        super(message, cause);
        this.uniqueViolation = unique;
        this.unavailable = unavailable || readOnly;
        this.timedOut = timedOut;
        this.stoppedByDatabase = stoppedByDatabase;
        this.storageFull = storageFull;
        this.readOnly = readOnly;
        this.connectionLost = connectionLost;
    }

    public static StoreException from(SQLException e) {
        String msg = String.valueOf(e.getMessage());
        String state = e.getSQLState();
        boolean unique = "23505".equals(state) || msg.contains("UNIQUE constraint failed")
                || msg.contains("SQLITE_CONSTRAINT_UNIQUE") || msg.contains("SQLITE_CONSTRAINT_PRIMARYKEY");
        // Connection failures (SQLState class 08), pool time-outs and a locked database pass; other errors are bugs.
        boolean unavailable = (state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")))
                || e instanceof java.sql.SQLTransientException
                || msg.contains("SQLITE_BUSY") || msg.contains("SQLITE_LOCKED") || msg.contains("SQLITE_CANTOPEN");
        // SQLite stopped by a list's progress handler; on PostgreSQL a list's own time-out is told apart where it is set.
        boolean timedOut = msg.contains("SQLITE_INTERRUPT");
        // PostgreSQL's query_canceled (statement_timeout, or an administrator's cancel) and lock_not_available (lock_timeout).
        boolean stoppedByDatabase = "57014".equals(state) || "55P03".equals(state);
        // PostgreSQL's disk_full, or SQLite's (also its answer at a page limit).
        boolean full = "53100".equals(state) || msg.contains("SQLITE_FULL");
        // PostgreSQL's read_only_sql_transaction (a standby), or a connection SQLite opened read-only.
        boolean readOnly = "25006".equals(state) || msg.contains("SQLITE_READONLY");
        return new StoreException(msg, e, unique, unavailable, timedOut, stoppedByDatabase, full, readOnly);
    }

    /** Whether {@code failure} is, or was caused by, a database that took no writes ({@link #isReadOnly}). */
    static boolean takesNoWrites(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StoreException e) return e.isReadOnly();
            if (t instanceof SQLException e) return from(e).isReadOnly();
        }
        return false;
    }

    /**
     * Whether {@code failure} is, or was caused by, a connection that no longer leads to the database: broken (SQLState
     * class 08, which is also HikariCP's "Connection is closed") or ended by the server (57P01-57P03: an administrator, a
     * shutdown, a restart).
     */
    static boolean lostConnection(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e && e.getSQLState() != null) {
                String state = e.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) return true;
            }
        }
        return false;
    }

    /** A write whose connection was lost before it committed ({@link #lostConnection}): nothing was written, so it may run again. */
    static StoreException connectionLost(Throwable cause) {
        return new StoreException("the database connection was lost before the write committed: " + cause.getMessage(), cause,
                false, true, false, false, false, false, true);
    }

    /** The database cannot take the work now (it is closing, for one): a 503. */
    static StoreException unavailable(String message) {
        return new StoreException(message, null, false, true, false, false, false, false);
    }

    /** A list that spent its time limit before its next statement ({@link TimeLimit}): as if that statement was stopped. */
    static StoreException timedOut(String message) {
        return timedOut(message, null);
    }

    /** A list's statement that the database stopped at the list's own time limit ({@link Dialect#withTimeLimit}). */
    static StoreException timedOut(String message, SQLException cause) {
        return new StoreException(message, cause, false, false, true, false, false, false);
    }

    public boolean isUniqueViolation() { return uniqueViolation; }

    /** A list's statement was stopped for running longer than the list's time limit ({@link Dialect#withTimeLimit}). */
    public boolean isTimedOut() { return timedOut; }

    /**
     * The database stopped a statement at a limit of its own: PostgreSQL's statement_timeout or lock_timeout for
     * Roster's role (most often met while something else holds a lock), or an administrator cancelled it.
     */
    public boolean isStoppedByDatabase() { return stoppedByDatabase; }

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
     * on another connection ({@link #isReadOnly}, {@link #connectionLost}).
     */
    public boolean isRetryable() {
        Throwable c = getCause();
        String state = c instanceof SQLException se ? se.getSQLState() : null;
        return "40001".equals(state) || "40P01".equals(state) || "23503".equals(state) || readOnly || connectionLost;
    }

    /**
     * The database took no writes on this connection: on PostgreSQL a standby, which is what a connection to the old
     * primary reaches after a failover. That connection is given up, so the write may run again on a new one.
     */
    public boolean isReadOnly() { return readOnly; }

    /**
     * The database has no room for the write (the disk is full): nothing of the transaction was stored, and writes
     * succeed again once its operator has freed space, without a restart.
     */
    public boolean isStorageFull() { return storageFull; }

    /** The database could not be reached or is busy: worth a retry, so a 503 rather than a 500. */
    public boolean isUnavailable() { return unavailable; }

    /**
     * Every pooled connection stayed in use for the pool's whole wait, and none had failed to open: the database
     * is up and busy rather than gone. HikariCP gives the last failure to connect as its time-out's cause.
     */
    public boolean isPoolBusy() {
        return getCause() instanceof java.sql.SQLTransientConnectionException t && t.getCause() == null;
    }
}
