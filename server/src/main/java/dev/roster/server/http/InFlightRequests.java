package dev.roster.server.http;

import dev.roster.scim.ScimException;
import io.javalin.http.Context;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Graceful shutdown: once draining, new requests are turned away with 503 and Retry-After (IdPs retry
 * them, e.g. on another instance) while the requests already running finish before the server stops.
 */
final class InFlightRequests {
    private static final String COUNTED = "roster.counted";

    private final AtomicInteger running = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();

    void enter(Context ctx) {
        if (draining.get()) {
            ctx.header("Retry-After", "5");
            throw ScimException.unavailable("the server is shutting down; retry shortly");
        }
        running.incrementAndGet();
        ctx.attribute(COUNTED, Boolean.TRUE);
    }

    void leave(Context ctx) {
        if (ctx.attribute(COUNTED) != null) {
            ctx.attribute(COUNTED, null);
            running.decrementAndGet();
        }
    }

    /** Stops admitting requests and waits up to {@code timeoutMillis} for the running ones. */
    void drain(long timeoutMillis) {
        draining.set(true);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (running.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
