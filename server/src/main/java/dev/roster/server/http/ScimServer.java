package dev.roster.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.scim.ScimException;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;
import dev.roster.server.directory.DirectoryService;
import dev.roster.server.service.ProvisioningService;
import dev.roster.server.store.StoreException;
import dev.roster.server.config.ServerConfig;
import io.javalin.Javalin;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;

import java.util.function.BooleanSupplier;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP server: SCIM at /scim/v2, bearer authentication, and SCIM errors for every failure. */
public final class ScimServer {
    public static final String ROOT = "/scim/v2";
    private static final Logger log = LoggerFactory.getLogger(ScimServer.class);

    private static final long DRAIN_MILLIS = 10_000;

    private final Javalin app;
    private final InFlightRequests inFlight = new InFlightRequests();
    private final TlsCertificates tls;

    public ScimServer(ServerConfig settings, ObjectMapper mapper, SchemaRegistry registry, ProvisioningService service,
                      DirectoryService directories, BooleanSupplier databaseReachable) {
        String host = settings.host();
        int port = settings.port();
        long maxRequestBytes = settings.maxRequestBytes();
        ScimHttp http = new ScimHttp(mapper, settings.publicUrl());
        ErrorHandling errors = new ErrorHandling(http);
        BearerAuthentication auth = new BearerAuthentication(directories);
        this.tls = settings.tls() == null ? null : new TlsCertificates(settings.tls());
        this.app = Javalin.create(config -> {
            if (tls != null) {
                // The HTTPS connector takes the place of the plain one.
                config.jetty.addConnector((server, httpConfig) -> {
                    HttpConfiguration https = new HttpConfiguration(httpConfig);
                    SecureRequestCustomizer secure = new SecureRequestCustomizer();
                    secure.setSniHostCheck(false);
                    https.addCustomizer(secure);
                    ServerConnector connector = new ServerConnector(server,
                            new SslConnectionFactory(tls.factory(), "http/1.1"), new HttpConnectionFactory(https));
                    connector.setHost(host);
                    connector.setPort(port);
                    return connector;
                });
            }
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = host;
            config.jetty.port = port;
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(10_000);
                server.setErrorHandler(new JettyErrors(mapper));
            });
            config.http.maxRequestSize = maxRequestBytes;
            config.http.prefer405over404 = true;
            config.router.ignoreTrailingSlashes = true;
            config.router.caseInsensitiveRoutes = true;
            // A base URL entered with a trailing slash (Microsoft's own example has one) makes clients ask for
            // /scim/v2//Users. The authentication filter is matched the same way as the routes.
            config.router.treatMultipleSlashesAsSingleSlash = true;
            config.requestLogger.http((ctx, ms) -> log.info("{} {} {} {}ms", ctx.method(), ctx.path(), ctx.status().getCode(),
                    Math.round(ms)));

            if ("1".equals(System.getenv("ROSTER_BENCH_CEILING"))) {
                // bench/load.sh's yardstick: the same server with no SCIM work, only a user-sized JSON document. It is
                // the first route, as cheap to find as a route can be, so that it stays the ceiling.
                byte[] ceiling = BenchCeiling.document(mapper);
                config.routes.get("/bench/ceiling", ctx -> {
                    ctx.contentType(ScimHttp.SCIM_JSON);
                    ctx.outputStream().write(ceiling);
                });
            }
            config.routes.before(inFlight::enter);
            config.routes.after(inFlight::leave);
            config.routes.before(ROOT + "/*", ctx -> {
                // A body larger than the limit is refused before anything reads it.
                long length = ctx.req().getContentLengthLong();
                if (length > maxRequestBytes) {
                    throw ScimException.payloadTooLarge("the request body is " + length + " bytes; the limit is " + maxRequestBytes);
                }
                auth.handle(ctx);
                ScimHttp.checkQueryString(ctx.queryString());
            });
            // The resource routes come before the others: Javalin tries a method's routes in the order they were
            // added, and each route it passes over costs a regular expression match.
            for (ResourceType type : registry.resourceTypes()) {
                new ResourceRoutes(type, service, http).register(config.routes, ROOT);
            }
            new DiscoveryRoutes(registry, http, maxRequestBytes).register(config.routes, ROOT);
            getAndHead(config.routes, ROOT + "/Me", ResourceRoutes::notImplemented);
            config.routes.post(ROOT + "/Bulk", ResourceRoutes::notImplemented);
            config.routes.post(ROOT + "/.search", ctx -> service.searchAll(http.context(ctx),
                    SearchRequests.read(http.body(ctx)), body -> http.json(ctx, 200, body)));
            // For load balancers, without authentication: the process is up; the database answers.
            getAndHead(config.routes, "/healthz", ctx -> http.json(ctx, 200, mapper.createObjectNode().put("status", "up")));
            getAndHead(config.routes, "/readyz", ctx -> {
                boolean ready = databaseReachable.getAsBoolean();
                http.json(ctx, ready ? 200 : 503, mapper.createObjectNode().put("status", ready ? "ready" : "database unavailable"));
            });

            config.routes.exception(ScimException.class, errors::scim);
            config.routes.exception(BearerAuthentication.Unauthorized.class, errors::unauthorized);
            config.routes.exception(HttpResponseException.class, errors::javalin);
            config.routes.exception(StoreException.class, errors::store);
            config.routes.exception(Exception.class, errors::unexpected);
        });
    }

    /**
     * Routes GET and HEAD to {@code handler}. Javalin answers a HEAD on a path with only a GET route 200, without
     * running anything: HEAD /readyz would say ready with the database down, HEAD of an unknown user 200.
     * Jetty sends a HEAD response's headers only.
     */
    static void getAndHead(RoutesConfig routes, String path, Handler handler) {
        routes.get(path, handler);
        routes.head(path, handler);
    }

    public ScimServer start() {
        app.start();
        return this;
    }

    public int port() { return app.port(); }

    /** Lets running requests finish (up to ten seconds), then stops listening. */
    public void stop() {
        inFlight.drain(DRAIN_MILLIS);
        app.stop();
        if (tls != null) tls.close();
    }
}
