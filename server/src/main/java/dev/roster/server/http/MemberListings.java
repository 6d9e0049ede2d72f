package dev.roster.server.http;

import dev.roster.scim.ScimException;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Lets only a few responses that list group members be built at once. A response is built whole before it
 * is written: a group of 100,000 members takes about 30 MB of heap on the way (it took 80 MB when its members
 * were a tree of nodes, and sixteen parallel reads of it exhausted a 320 MB heap). One listing runs per 256 MB
 * of heap, which leaves room for a page of several such groups; the others wait their turn, up to 30 seconds,
 * then get 503 with Retry-After. Member changes answer 204 and never wait here.
 */
final class MemberListings {
    private static final long HEAP_PER_LISTING = 256L << 20;
    private static final long WAIT_SECONDS = 30;

    private final Semaphore turns;

    MemberListings(long maxHeapBytes) {
        this.turns = new Semaphore((int) Math.max(1, maxHeapBytes / HEAP_PER_LISTING), true);
    }

    /** {@code handler}, run in turn with the other listings whenever {@code listsMembers} says its answer lists them. */
    Handler inTurn(Handler handler, Predicate<Context> listsMembers) {
        return ctx -> {
            if (!listsMembers.test(ctx)) {
                handler.handle(ctx);
                return;
            }
            if (!turns.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                ctx.header("Retry-After", "5");
                throw ScimException.unavailable("other answers listing group members are being built; retry shortly");
            }
            try {
                handler.handle(ctx);
            } finally {
                turns.release();
            }
        };
    }
}
