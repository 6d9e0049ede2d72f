package dev.roster.server.store;

import org.sqlite.SQLiteConnection;
import org.sqlite.core.DB;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * SQLite's writes, committed in groups. SQLite has one writer, and with synchronous=FULL every commit waits
 * for the disk; one request per commit made each write wait for every write queued before it, one fsync
 * at a time. Here one thread runs the queued writes one after another in a single transaction and
 * commits them together: one fsync for the group.
 *
 * <p>A write that fails fails alone; its neighbours commit. A group runs without savepoints as long as it
 * can: a savepoint makes SQLite keep every page the write changes in a statement journal, which past 64 KB
 * goes to a temporary file, created for each group, so a write paid for its pages twice, once there and
 * once in the WAL. Most failing writes fail before they change anything and need nothing undone; when one
 * changed rows first, the group is rolled back and runs again with each write in a savepoint of its own,
 * rolled back to it when it fails. No write is answered before the commit that holds it returned, so an
 * acknowledged write is durable. If the commit itself fails, every write of the group fails with it, as they do
 * when a write's error is the database's rather than its own (a full disk; a write lock another process holds
 * past the busy timeout, which each write run alone would wait for again).
 *
 * <p>The writer keeps one connection of its own. In WAL mode a connection drops its whole page cache when
 * it finds that another connection committed since its last transaction, so a pooled connection came to
 * each group with a cold cache (every write committed invalidates the others'); the writer's own commits
 * leave its cache valid, and the B-tree pages the writes walk stay in it from one group to the next.
 */
final class GroupCommit implements AutoCloseable {
    /** Enough to absorb every request thread's write; small enough that a group commits within milliseconds. */
    private static final int MAX_GROUP = 64;

    /** SQLite's primary result code for a violated constraint. */
    private static final int SQLITE_CONSTRAINT = 19;

    /** Opens the writer's connection. */
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final LinkedBlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;
    // Used by the writer thread only; opened at the first write and again after a group that failed.
    private Connection connection;

    private record Job<T>(Database.Work<T> work, CompletableFuture<T> outcome) {}

    GroupCommit(Opener opener) {
        this.opener = opener;
        this.writer = new Thread(this::run, "roster-sqlite-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Runs {@code work} in the next group and returns its result once the group is committed. */
    <T> T write(Database.Work<T> work) {
        if (Thread.currentThread() == writer) throw new IllegalStateException("a write cannot wait for its own group");
        if (closed) throw StoreException.unavailable("the database is closing");
        Job<T> job = new Job<>(work, new CompletableFuture<>());
        queue.add(job);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return job.outcome().get(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    // The write is queued or running: answering before it ends would report a wrong outcome.
                    interrupted = true;
                } catch (TimeoutException e) {
                    // Queued just as the writer stopped: no one else will ever take it.
                    if (closed && !writer.isAlive() && queue.remove(job)) {
                        throw StoreException.unavailable("the database is closing");
                    }
                } catch (ExecutionException e) {
                    throw rethrow(e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static RuntimeException rethrow(Throwable failure) {
        if (failure instanceof SQLException e) return StoreException.from(e);
        if (failure instanceof RuntimeException e) return e;
        if (failure instanceof Error e) throw e;
        return new IllegalStateException(failure);
    }

    private void run() {
        List<Job<?>> group = new ArrayList<>(MAX_GROUP);
        try {
            while (!closed || !queue.isEmpty()) {
                try {
                    Job<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) continue;
                    group.add(first);
                    queue.drainTo(group, MAX_GROUP - 1);
                    commit(group);
                } catch (InterruptedException e) {
                    // Nothing interrupts the writer on purpose: close() lets it see the flag within one poll.
                } finally {
                    group.clear();
                }
            }
        } finally {
            discardConnection();
        }
    }

    private void commit(List<Job<?>> group) {
        List<Runnable> answers = new ArrayList<>(group.size());
        boolean committed = false;
        try {
            if (connection == null) connection = opener.open();
            Connection c = connection;
            c.setAutoCommit(false);
            try {
                run(c, group, answers);
                c.commit();
                committed = true;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is replaced below; the group fails with the first error
                }
                throw e;
            }
            // Not in a finally: after a commit that failed (a full disk) SQLite has ended the transaction, and the
            // driver's reset would fail on it too, hiding why the group failed. That connection is replaced anyway.
            c.setAutoCommit(true);
        } catch (SQLException | RuntimeException | Error e) {
            // A connection that failed may be in any state: the next group starts on a new one. Once the
            // commit returned, the writes hold whatever came after it.
            discardConnection();
            if (!committed) {
                for (Job<?> job : group) job.outcome().completeExceptionally(e);
                return;
            }
        }
        answers.forEach(Runnable::run);
    }

    private void discardConnection() {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing more to do with it
        }
        connection = null;
    }

    /**
     * Runs the group's writes in the connection's transaction and adds how to answer each, once committed,
     * to {@code answers}. A write that fails having changed nothing (most failures: a missing resource, a
     * taken name, a stale version) leaves nothing to undo. One that changed rows first can be undone alone
     * only from a savepoint, so the group is rolled back and runs again with a savepoint per write. Throws if
     * the group must fail.
     */
    private static void run(Connection c, List<Job<?>> group, List<Runnable> answers) throws SQLException {
        DB sqlite = c.unwrap(SQLiteConnection.class).getDatabase();
        for (Job<?> job : group) {
            long changes = sqlite.total_changes();
            try {
                answers.add(runWhole(c, job));
            } catch (SQLException | RuntimeException e) {
                if (transactionIntact(e) && sqlite.total_changes() == changes) {
                    answers.add(() -> job.outcome().completeExceptionally(e));
                    continue;
                }
                if (failsEveryWrite(e)) throw e;
                answers.clear();
                try {
                    c.rollback();
                } catch (SQLException ended) {
                    // SQLite ended the transaction itself (a full disk, an I/O error): the group fails, with this error.
                    e.addSuppressed(ended);
                    throw e;
                }
                for (Job<?> each : group) answers.add(runInSavepoint(c, each));
                return;
            }
        }
    }

    /**
     * True unless the failure is a database error that may have rolled the whole transaction back (a full
     * disk, an I/O error): a violated constraint undoes its own statement only, and the work's own
     * exceptions (a missing resource, a stale version) leave the transaction as it was.
     */
    private static boolean transactionIntact(Exception e) {
        SQLException sql = StoreException.databaseError(e);
        return sql == null || (sql.getErrorCode() & 0xff) == SQLITE_CONSTRAINT;
    }

    /**
     * A database that is locked past the busy timeout (another process holds its write lock) or full: every write of
     * the group would fail alike, and run again one by one each would wait for the lock again.
     */
    private static boolean failsEveryWrite(Exception e) {
        SQLException sql = StoreException.databaseError(e);
        if (sql == null) return false;
        StoreException failure = StoreException.from(sql);
        return failure.isUnavailable() || failure.isStorageFull();
    }

    private static <T> Runnable runWhole(Connection c, Job<T> job) throws SQLException {
        T result = job.work().run(c);
        return () -> job.outcome().complete(result);
    }

    /** Runs one write in a savepoint; returns how to answer it once the group is committed. Throws if the group must fail. */
    private static <T> Runnable runInSavepoint(Connection c, Job<T> job) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        T result;
        try {
            result = job.work().run(c);
        } catch (SQLException | RuntimeException e) {
            // Undoes this write only; a connection that cannot even do that (SQLite ended the transaction: a full
            // disk) fails the whole group, with this write's error.
            try {
                c.rollback(savepoint);
                c.releaseSavepoint(savepoint);
            } catch (SQLException undo) {
                e.addSuppressed(undo);
                throw e;
            }
            return () -> job.outcome().completeExceptionally(e);
        }
        c.releaseSavepoint(savepoint);
        return () -> job.outcome().complete(result);
    }

    /**
     * Stops taking writes, lets the queued ones commit (up to five seconds), and ends the writer thread. The
     * writer is not interrupted: that would fail a group waiting for its connection.
     */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        StoreException closing = StoreException.unavailable("the database is closing");
        for (Job<?> job; (job = queue.poll()) != null; ) job.outcome().completeExceptionally(closing);
    }
}
