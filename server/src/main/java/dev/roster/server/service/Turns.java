package dev.roster.server.service;

import dev.roster.scim.ScimException;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Lets only a few answers of one costly kind hold a pooled connection at once, so the rest of the pool stays free
 * for everything else. Two kinds take turns: answers that stream memberships ({@link ProvisioningService} and
 * {@link ResourceQueries} share theirs), which hold their connection until a client (perhaps a slow one) has the
 * last member, and lists that read every user or group of a directory ({@link ResourceQueries}), which hold theirs
 * for up to the query timeout. The others wait their turn (30 seconds by default), then get 429, which IdPs back off
 * from and retry (the HTTP layer adds Retry-After); a write that streams its answer waits before it writes.
 */
final class Turns {
    private final Semaphore turns;
    private final long waitMillis;
    private final String busy;

    /** {@code count} turns, waited for at most {@code waitMillis}; {@code busy} is the 429's detail when none comes. */
    Turns(int count, long waitMillis, String busy) {
        this.turns = new Semaphore(Math.max(1, count), true);
        this.waitMillis = waitMillis;
        this.busy = busy;
    }

    /** Runs {@code answer} in its turn, or refuses it (429) when none comes free in time. */
    <T> T inTurn(Supplier<T> answer) {
        boolean acquired;
        try {
            acquired = turns.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ScimException.unavailable("the server is stopping");
        }
        if (!acquired) throw ScimException.busy(busy);
        return run(answer);
    }

    /**
     * Runs the answer of a committed write in its turn, however long that takes to come: a refusal would tell the
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
