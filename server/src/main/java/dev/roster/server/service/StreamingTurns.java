package dev.roster.server.service;

import dev.roster.scim.ScimException;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Lets only a few answers that stream memberships run at once. Such an answer writes a group's members (or users'
 * groups, when they are too many to hold) from a database transaction as the client takes them, so it holds a
 * pooled connection until the client has the last one: these answers take turns for half the pool, and the other
 * half stays free for everything else, however many slow clients read large groups. The others wait their turn,
 * up to 30 seconds, then get 503 (the HTTP layer adds Retry-After); a write that streams its answer waits before it
 * writes. Member changes answer 204 and never wait here.
 */
final class StreamingTurns {
    private static final long WAIT_SECONDS = 30;

    private final Semaphore turns;

    StreamingTurns(int poolSize) {
        this.turns = new Semaphore(Math.max(1, poolSize / 2), true);
    }

    /** Runs {@code answer} in its turn, or refuses it (503) when none comes free in 30 seconds. */
    <T> T inTurn(Supplier<T> answer) {
        boolean acquired;
        try {
            acquired = turns.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ScimException.unavailable("the server is stopping");
        }
        if (!acquired) throw ScimException.unavailable("too many answers listing group members or users' groups are being sent at once; retry shortly");
        return run(answer);
    }

    /**
     * Runs the answer of a committed write in its turn, however long that takes to come: a 503 would tell the
     * client its write failed. Every turn is given back when its answer is sent, or when Jetty gives up on a
     * client that stopped reading.
     */
    <T> T afterCommit(Supplier<T> answer) {
        turns.acquireUninterruptibly();
        return run(answer);
    }

    private <T> T run(Supplier<T> answer) {
        try {
            return answer.get();
        } finally {
            turns.release();
        }
    }
}
