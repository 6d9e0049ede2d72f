package dev.roster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.list.ListRequest;
import dev.roster.scim.list.Projection;
import dev.roster.scim.schema.ResourceType;
import dev.roster.server.service.ETags;
import dev.roster.server.service.ProvisioningService;
import dev.roster.server.service.RequestContext;
import dev.roster.server.service.ResourceResult;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/** The resource endpoints of one resource type (RFC 7644 §3.2): /Users or /Groups. */
final class ResourceRoutes {
    private final ResourceType type;
    private final ProvisioningService service;
    private final ScimHttp http;

    ResourceRoutes(ResourceType type, ProvisioningService service, ScimHttp http) {
        this.type = type;
        this.service = service;
        this.http = http;
    }

    void register(RoutesConfig routes, String root) {
        String base = root + type.endpoint();
        ScimServer.getAndHead(routes, base, this::list);
        routes.post(base, this::create);
        routes.post(base + "/.search", this::search);
        ScimServer.getAndHead(routes, base + "/{id}", this::get);
        routes.put(base + "/{id}", this::replace);
        routes.patch(base + "/{id}", this::patch);
        routes.delete(base + "/{id}", this::delete);
    }

    private boolean isGroup() { return type.name().equals("Group"); }

    /**
     * A HEAD answers a GET's status and headers only, and Jetty drops any body written to it: a group's members
     * would be read from the database for nothing. The parameters are still parsed, for the GET's errors.
     */
    private static final Projection HEAD_OF_GROUP = Projection.parse(null, "members");

    private static boolean asksForAttributes(Context ctx) {
        return ctx.queryParam("attributes") != null || ctx.queryParam("excludedAttributes") != null;
    }

    private RequestContext context(Context ctx) {
        return http.context(ctx);
    }

    private Projection projection(Context ctx) {
        Projection asked = Projection.parse(ctx.queryParam("attributes"), ctx.queryParam("excludedAttributes"));
        return isHeadOfGroups(ctx) ? HEAD_OF_GROUP : asked;
    }

    private boolean isHeadOfGroups(Context ctx) {
        return isGroup() && ctx.method() == HandlerType.HEAD;
    }

    private void list(Context ctx) {
        String attributes = ctx.queryParam("attributes");
        String excluded = ctx.queryParam("excludedAttributes");
        if (isHeadOfGroups(ctx)) {
            Projection.parse(attributes, excluded);
            attributes = null;
            excluded = "members";
        }
        ListRequest request = ListRequest.of(ctx.queryParam("filter"), ctx.queryParam("startIndex"), ctx.queryParam("count"),
                attributes, excluded, ctx.queryParam("sortBy"), ctx.queryParam("sortOrder"), ctx.queryParam("cursor"),
                ProvisioningService.DEFAULT_PAGE_SIZE, ProvisioningService.MAX_PAGE_SIZE);
        service.list(context(ctx), type, request, body -> http.json(ctx, 200, body));
    }

    /** POST /.search (RFC 7644 §3.4.3): the query parameters as a SearchRequest body. */
    private void search(Context ctx) {
        service.list(context(ctx), type, SearchRequests.read(http.body(ctx)), body -> http.json(ctx, 200, body));
    }

    private static void searchIsPost(Context ctx) {
        throw ScimException.methodNotAllowed("search with POST " + ctx.path() + " and a SearchRequest body, or GET with query parameters on the resource endpoint");
    }

    private void create(Context ctx) {
        service.create(context(ctx), type, http.body(ctx), projection(ctx), r -> {
            ctx.header("Location", r.location());
            send(ctx, 201, r);
        });
    }

    private void get(Context ctx) {
        String id = ctx.pathParam("id");
        // ".search" is an action, not an id: checked here rather than by a route every read would pass over.
        if (id.equals(".search")) searchIsPost(ctx);
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null && !ifNoneMatch.isBlank()) {
            long version = service.version(context(ctx), type, id);
            if (ETags.matches(ifNoneMatch, version)) {
                ctx.header("ETag", ETags.of(version));
                ctx.status(304);
                ctx.res().setContentType(null); // Javalin's default type would describe a body a 304 does not have
                return;
            }
        }
        service.get(context(ctx), type, id, projection(ctx), r -> send(ctx, 200, r));
    }

    private void replace(Context ctx) {
        JsonNode body = http.body(ctx);
        service.replace(context(ctx), type, ctx.pathParam("id"), body, ctx.header("If-Match"), projection(ctx), r -> send(ctx, 200, r));
    }

    /**
     * Users answer 200 with the resource, as Okta and Entra's validator expect. Groups answer 204 unless
     * the client asks for attributes: a member change should not pay for listing 100,000 members.
     */
    private void patch(Context ctx) {
        JsonNode body = http.body(ctx);
        boolean withBody = !isGroup() || asksForAttributes(ctx);
        service.patch(context(ctx), type, ctx.pathParam("id"), body, ctx.header("If-Match"), projection(ctx), withBody, r -> {
            if (r.body() == null) {
                ctx.header("ETag", r.etag());
                ctx.status(204);
            } else {
                send(ctx, 200, r);
            }
        });
    }

    private void delete(Context ctx) {
        service.delete(context(ctx), type, ctx.pathParam("id"), ctx.header("If-Match"));
        ctx.status(204);
    }

    private void send(Context ctx, int status, ResourceResult r) {
        ctx.header("ETag", r.etag());
        http.json(ctx, status, r.body());
    }

    /** Fails a request on an endpoint that exists in SCIM but not (yet) in Roster. */
    static void notImplemented(Context ctx) {
        throw ScimException.notImplemented(ctx.method() + " " + ctx.path() + " is not supported by this server");
    }

}
