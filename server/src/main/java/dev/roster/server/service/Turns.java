package dev.roster.server.service;

import dev.roster.scim.ScimException;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Lets only a few answers of one costly kind hold a pooled connection at once, so the rest of the pool stays free
 * for everything else. Two kinds take turns ({@link ProvisioningService}): answers that stream memberships, which
 * hold their connection until a client (perhaps a slow one) has the last member, and lists that read every user
 * or group of a directory, which hold theirs for up to the query timeout. The others wait their turn, up to 30
 * seconds, then get 503 (the HTTP layer adds Retry-After); a write that streams its answer waits before it writes.
 */
final class Turns {
    private static final long WAIT_SECONDS = 30;

    private final Semaphore turns;
    private final String busy;

    /** {@code count} turns; {@code busy} is the 503's detail when none comes free in time. */
    Turns(int count, String busy) {
        this.turns = new Semaphore(Math.max(1, count), true);
        this.busy = busy;
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
        if (!acquired) throw ScimException.unavailable(busy);
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
