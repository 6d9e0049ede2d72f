package dev.roster.server.http;

import dev.roster.scim.ScimException;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Lets only a few answers that list group members run at once, the others waiting their turn up to 30 seconds,
 * then getting 503 with Retry-After. Member changes answer 204 and never wait here.
 * <ul>
 * <li>A read streams the members from its database transaction as the client takes them, so it holds a pooled
 * connection until the client has the last one: reads take turns for half the pool, and the other half stays
 * free for everything else, however many slow clients read large groups.</li>
 * <li>A write's answer is built whole in memory after the write, about 250 bytes a member (sixteen parallel
 * answers listing 100,000 members each once exhausted a 320 MB heap): those take turns for the heap, one per
 * 256 MB.</li>
 * </ul>
 */
final class MemberListings {
    private static final long HEAP_PER_BUILT_LISTING = 256L << 20;
    private static final long WAIT_SECONDS = 30;

    private final Semaphore streamed;
    private final Semaphore built;

    MemberListings(int poolSize, long maxHeapBytes) {
        this.streamed = new Semaphore(Math.max(1, poolSize / 2), true);
        this.built = new Semaphore((int) Math.max(1, maxHeapBytes / HEAP_PER_BUILT_LISTING), true);
    }

    /** A read's {@code handler}, run in turn with the other reads whose answer lists members when {@code listsMembers}. */
    Handler reading(Handler handler, Predicate<Context> listsMembers) {
        return inTurn(streamed, handler, listsMembers);
    }

    /** A write's {@code handler}, run in turn with the other writes whose answer lists members when {@code listsMembers}. */
    Handler writing(Handler handler, Predicate<Context> listsMembers) {
        return inTurn(built, handler, listsMembers);
    }

    private static Handler inTurn(Semaphore turns, Handler handler, Predicate<Context> listsMembers) {
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
