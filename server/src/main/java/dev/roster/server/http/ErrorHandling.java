package dev.roster.server.http;

import dev.roster.scim.ScimError;
import dev.roster.scim.ScimException;
import dev.roster.server.store.StoreException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every failure leaves as a SCIM Error. An unexpected one gets an incident id that is logged with the
 * stack trace and shown to the client, which never sees the trace itself.
 */
final class ErrorHandling {
    private static final Logger log = LoggerFactory.getLogger(ErrorHandling.class);

    private final ScimHttp http;
    private final OncePerMinute outageTrace = new OncePerMinute();
    private final OncePerMinute diskFullLine = new OncePerMinute();

    ErrorHandling(ScimHttp http) {
        this.http = http;
    }

    void scim(ScimException e, Context ctx) {
        if (ScimHttp.aborted(ctx)) return; // its failure is logged; the client saw the connection close
        if (e.status() == 401) ctx.header("WWW-Authenticate", "Bearer realm=\"roster\"");
        // Every 429 and 503 here passes (a turn comes free, the database is back, a racing writer is done): say
        // when to retry, in whole seconds, the form Okta honours.
        if (e.status() == 429 || e.status() == 503) ctx.header("Retry-After", "5");
        http.json(ctx, e.status(), ScimError.of(e));
    }

    void unauthorized(BearerAuthentication.Unauthorized e, Context ctx) {
        scim(e.asScim(), ctx);
    }

    void javalin(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        String detail = switch (status) {
            case 404 -> "no such endpoint: " + ctx.method() + " " + ctx.path();
            case 405 -> ctx.method() + " is not allowed on " + ctx.path();
            case 413 -> "the request body is larger than this server accepts";
            default -> e.getMessage();
        };
        scim(new ScimException(status, null, detail), ctx);
    }

    void store(StoreException e, Context ctx) {
        if (e.isPoolBusy()) {
            // Not a failure: the database is up and every connection stayed in use. One line without a trace, as
            // under load there may be many, and the client is asked to come back as a throttled one is.
            log.warn("{} {}: no database connection came free in time; answered 429", ctx.method(), ctx.path());
            scim(ScimException.busy("the server is busy: no database connection came free in time; retry shortly"), ctx);
            return;
        }
        if (e.isStorageFull()) {
            // The operator's to mend, and nothing was stored: a line that says so, without a trace, once a minute
            // while it lasts (IdPs retry, and the request log has each 507).
            if (diskFullLine.passed("disk full") == null) {
                log.error("{} {}: the database has no room left, nothing of the request was stored; answered 507 until space "
                        + "is freed (this line comes once a minute; the request log has every 507): {}",
                        ctx.method(), ctx.path(), e.getMessage());
            }
            scim(new ScimException(507, null, "the server's database has no room left (disk full): this change was not "
                    + "stored; retry once its operator has freed space"), ctx);
            return;
        }
        if (e.isStoppedByDatabase()) {
            // Most often met while something else holds a lock (a migration, a long transaction): it passes, nothing
            // was changed, and a limit that stops requests often is the operator's to raise.
            log.warn("{} {}: the database stopped the statement at its {} ({}); nothing was changed; answered 503",
                    ctx.method(), ctx.path(), e.databaseLimit(), firstLine(e.getMessage()));
            scim(ScimException.unavailable("the database stopped this request at its time limit, and nothing was changed; "
                    + "retry shortly"), ctx);
            return;
        }
        if (!e.isUnavailable()) {
            unexpected(e, ctx);
            return;
        }
        String incident = UUID.randomUUID().toString();
        String traced = outageTrace.passed(incident);
        if (traced == null) {
            log.error("incident {}: storage failure on {} {}", incident, ctx.method(), ctx.path(), e);
        } else {
            log.error("incident {}: storage failure on {} {}: {} (no stack trace: one a minute, the last with incident {})",
                    incident, ctx.method(), ctx.path(), causes(e), traced);
        }
        scim(ScimException.unavailable("the database is not available (incident " + incident + ")"), ctx);
    }

    /** A failure's message and its root cause's, each on one line: what its stack trace would say first and last. */
    private static String causes(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = firstLine(e.getMessage());
        if (root == e) return message;
        String rootMessage = root.getMessage() == null ? "" : ": " + firstLine(root.getMessage());
        return message + "; caused by " + root.getClass().getSimpleName() + rootMessage;
    }

    private static String firstLine(String message) {
        int end = message == null ? -1 : message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    void unexpected(Exception e, Context ctx) {
        String incident = UUID.randomUUID().toString();
        log.error("incident {}: unexpected failure on {} {}", incident, ctx.method(), ctx.path(), e);
        scim(new ScimException(500, null, "internal error (incident " + incident + ")"), ctx);
    }

    /**
     * While the database is down, or its disk full, every request fails alike, and a line (or a stack trace) each
     * would bury the log: one a minute is written in full, and those in between can name the last one that was.
     */
    private static final class OncePerMinute {
        private static final long EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

        private record Passed(String id, long untilNanos) {}

        private final AtomicReference<Passed> last = new AtomicReference<>();

        /** Null when the occurrence {@code id} is to be written in full; else the id of the last one that was. */
        String passed(String id) {
            long now = System.nanoTime();
            while (true) {
                Passed p = last.get();
                if (p != null && now - p.untilNanos() < 0) return p.id();
                if (last.compareAndSet(p, new Passed(id, now + EVERY_NANOS))) return null;
            }
        }
    }
}
