package dev.roster.server.http;

import dev.roster.scim.ScimException;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Lets only a few answers that list group members run at once. Such an answer streams the members from a
 * database transaction as the client takes them, so it holds a pooled connection until the client has the
 * last one: these answers take turns for half the pool, and the other half stays free for everything else,
 * however many slow clients read large groups. The others wait their turn, up to 30 seconds, then get 503 with
 * Retry-After. Member changes answer 204 and never wait here.
 */
final class MemberListings {
    private static final long WAIT_SECONDS = 30;

    private final Semaphore turns;

    MemberListings(int poolSize) {
        this.turns = new Semaphore(Math.max(1, poolSize / 2), true);
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
                throw ScimException.unavailable("other answers listing group members are being sent; retry shortly");
            }
            try {
                handler.handle(ctx);
            } finally {
                turns.release();
            }
        };
    }
}
