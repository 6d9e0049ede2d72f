package dev.roster.server.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SQLite's writes commit in groups: a write that fails leaves none of its rows, whether it failed before or
 * after changing some, and the writes queued with it commit and get their own answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupCommitTest {
    private static final int WRITES = 24;
    private Database db;

    @BeforeAll
    void open(@TempDir Path dir) {
        db = Database.openSqlite(dir.resolve("roster.db"), 2);
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

    /** Queues WRITES writes, cycling through {@code cycle}, so that they run as one group, and checks each. */
    private void assertGroup(String prefix, Write... cycle) throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(WRITES + 1);
        try {
            // Holds the writer, so that the writes below queue up behind it and run as one group.
            Future<?> holder = pool.submit(() -> db.write(c -> {
                holding.countDown();
                awaitOrFail(release);
                return null;
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

            List<Thread> writers = new ArrayList<>();
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < WRITES; i++) {
                String name = prefix + "-" + i;
                Write kind = cycle[i % cycle.length];
                outcomes.add(pool.submit(() -> {
                    synchronized (writers) { writers.add(Thread.currentThread()); }
                    return db.write(c -> run(c, kind, name));
                }));
            }
            awaitQueued(writers);
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);

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
            release.countDown();
            pool.shutdownNow();
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
