package dev.roster.server.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SQLite's writes commit in groups: a write that fails leaves none of its rows, whether it failed before or
 * after changing some, and the writes queued with it commit and get their own answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupCommitTest {
    private static final int WRITES = 24;
    private static final int BUSY_MILLIS = 250;
    private Database db;
    private Path file;

    @BeforeAll
    void open(@TempDir Path dir) {
        file = dir.resolve("roster.db");
        db = Database.openSqlite(file, 2);
        db.write(c -> insertDirectory(c, "taken"));
    }

    @AfterAll
    void close() { db.close(); }

    /** What a queued write does; each inserts a directory named after it, or tries to. */
    private enum Write {
        SUCCEEDS, REFUSES_FIRST, TAKEN_NAME, REFUSES_AFTER_A_CHANGE, CONSTRAINT_AFTER_A_CHANGE;

        boolean keeps() { return this == SUCCEEDS; }
    }

    @Test
    void writesThatFailBeforeChangingAnythingFailAloneInTheirGroup() throws Exception {
        assertGroup("early", Write.SUCCEEDS, Write.REFUSES_FIRST, Write.TAKEN_NAME);
    }

    @Test
    void writesThatFailAfterChangingRowsLeaveNoneOfThemAndTheirNeighboursCommit() throws Exception {
        assertGroup("late", Write.SUCCEEDS, Write.REFUSES_AFTER_A_CHANGE, Write.REFUSES_FIRST,
                Write.CONSTRAINT_AFTER_A_CHANGE, Write.TAKEN_NAME);
    }

    @Test
    void aWriteAloneThatFailsAfterChangingRowsLeavesNothing() {
        assertThatThrownBy(() -> db.write(c -> {
            insertDirectory(c, "alone");
            throw new IllegalStateException("refused alone");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(directoryRows("alone")).isZero();
        String kept = db.write(c -> insertDirectory(c, "alone"));
        assertThat(kept).isEqualTo("alone");
        assertThat(directoryRows("alone")).isOne();
    }

    @Test
    void aDatabaseLockedByAnotherProcessFailsTheWholeGroupAtItsFirstWait() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITES + 1);
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file); Statement lock = other.createStatement()) {
            // Another process (a backup, a stuck tool) holds the write lock past the writer's wait for it.
            lock.execute("BEGIN IMMEDIATE");
            long start = System.nanoTime();
            List<Future<String>> outcomes = queueAsOneGroup(pool, i -> c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA busy_timeout = " + BUSY_MILLIS);
                }
                return insertDirectory(c, "locked-" + i);
            });
            for (Future<String> outcome : outcomes) {
                assertThatThrownBy(() -> outcome.get(30, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.isUnavailable()).as(e.getMessage()).isTrue());
            }
            // Each write waiting for the lock in turn would take WRITES times the wait.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(WRITES * BUSY_MILLIS / 2));
            lock.execute("ROLLBACK");
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < WRITES; i++) assertThat(directoryRows("locked-" + i)).isZero();
        String after = db.write(c -> insertDirectory(c, "after the lock"));
        assertThat(after).isEqualTo("after the lock");
    }

    /** Queues WRITES writes, cycling through {@code cycle}, so that they run as one group, and checks each. */
    private void assertGroup(String prefix, Write... cycle) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITES + 1);
        try {
            List<Future<String>> outcomes = queueAsOneGroup(pool, i -> c -> run(c, cycle[i % cycle.length], prefix + "-" + i));
            for (int i = 0; i < WRITES; i++) {
                Future<String> outcome = outcomes.get(i);
                String name = prefix + "-" + i;
                Write kind = cycle[i % cycle.length];
                switch (kind) {
                    case SUCCEEDS -> assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo(name);
                    case REFUSES_FIRST, REFUSES_AFTER_A_CHANGE -> assertThatThrownBy(() -> outcome.get(10, TimeUnit.SECONDS))
                            .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("refused " + name);
                    case TAKEN_NAME, CONSTRAINT_AFTER_A_CHANGE -> assertThatThrownBy(() -> outcome.get(10, TimeUnit.SECONDS))
                            .hasCauseInstanceOf(StoreException.class);
                }
                assertThat(directoryRows(name)).as(name + " " + kind).isEqualTo(kind.keeps() ? 1 : 0);
            }
            assertThat(directoryRows("taken")).isOne();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Queues WRITES writes, the i-th {@code write.apply(i)}, behind a held writer, so that they run as one group. */
    private List<Future<String>> queueAsOneGroup(ExecutorService pool, IntFunction<Database.Work<String>> write) throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            Future<?> holder = pool.submit(() -> db.write(c -> {
                holding.countDown();
                awaitOrFail(release);
                return null;
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            List<Thread> writers = new ArrayList<>();
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < WRITES; i++) {
                Database.Work<String> work = write.apply(i);
                outcomes.add(pool.submit(() -> {
                    synchronized (writers) { writers.add(Thread.currentThread()); }
                    return db.write(work);
                }));
            }
            awaitQueued(writers);
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            return outcomes;
        } finally {
            release.countDown();
        }
    }

    private static String run(Connection c, Write kind, String name) throws SQLException {
        switch (kind) {
            case SUCCEEDS -> insertDirectory(c, name);
            case REFUSES_FIRST -> throw new IllegalStateException("refused " + name);
            case TAKEN_NAME -> insertDirectory(c, "taken");
            case REFUSES_AFTER_A_CHANGE -> {
                insertDirectory(c, name);
                throw new IllegalStateException("refused " + name);
            }
            // The second row breaks the unique name: the database refuses it after the first went in.
            case CONSTRAINT_AFTER_A_CHANGE -> {
                insertDirectory(c, name);
                insertDirectory(c, name);
            }
        }
        return name;
    }

    private static void awaitOrFail(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("not released within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until every writer waits for its write's outcome, which it does once the write is queued. */
    private static void awaitQueued(List<Thread> writers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            synchronized (writers) {
                if (writers.size() == WRITES && writers.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING)) return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the writes did not queue within 10 s");
    }

    private static String insertDirectory(Connection c, String name) throws SQLException {
        TestDirectories.insert(c, UUID.randomUUID().toString(), name);
        return name;
    }

    private int directoryRows(String name) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM directories WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }
}
