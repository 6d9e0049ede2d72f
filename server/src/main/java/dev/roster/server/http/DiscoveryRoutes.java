package dev.roster.server.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.SchemaUris;
import dev.roster.scim.list.ListResponse;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.Schema;
import dev.roster.scim.schema.SchemaJson;
import dev.roster.scim.schema.SchemaRegistry;
import dev.roster.server.service.ProvisioningService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.ArrayList;
import java.util.List;

/**
 * Discovery (RFC 7644 §4): ServiceProviderConfig, ResourceTypes and Schemas, generated from the
 * registry that validation uses, and saying only what this server really does.
 */
final class DiscoveryRoutes {
    private final SchemaRegistry registry;
    private final ScimHttp http;
    private final long maxPayloadBytes;

    DiscoveryRoutes(SchemaRegistry registry, ScimHttp http, long maxPayloadBytes) {
        this.registry = registry;
        this.http = http;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    void register(RoutesConfig routes, String root) {
        ScimServer.getAndHead(routes, root + "/ServiceProviderConfig", unfiltered(this::serviceProviderConfig));
        ScimServer.getAndHead(routes, root + "/ResourceTypes", unfiltered(this::resourceTypes));
        ScimServer.getAndHead(routes, root + "/ResourceTypes/{name}", unfiltered(this::resourceType));
        ScimServer.getAndHead(routes, root + "/Schemas", unfiltered(this::schemas));
        ScimServer.getAndHead(routes, root + "/Schemas/{urn}", unfiltered(this::schema));
    }

    /**
     * §4: these endpoints ignore sorting and paging, but a filter is refused (403) rather than ignored,
     * so that a client never takes the whole list for the resources that matched its filter.
     */
    private static Handler unfiltered(Handler handler) {
        return ctx -> {
            if (ctx.queryParam("filter") != null) {
                throw ScimException.forbidden("the discovery endpoints cannot be filtered (RFC 7644 §4); ask without 'filter'");
            }
            handler.handle(ctx);
        };
    }

    private void serviceProviderConfig(Context ctx) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode doc = f.objectNode();
        doc.putArray("schemas").add(SchemaUris.SERVICE_PROVIDER_CONFIG);
        doc.putObject("patch").put("supported", true);
        doc.putObject("bulk").put("supported", false).put("maxOperations", 0).put("maxPayloadSize", maxPayloadBytes);
        doc.putObject("filter").put("supported", true).put("maxResults", ProvisioningService.MAX_PAGE_SIZE);
        doc.putObject("changePassword").put("supported", false);
        doc.putObject("sort").put("supported", true);
        doc.putObject("etag").put("supported", true);
        // RFC 9865: both ways of paging, index by default (what Okta and Entra use).
        ObjectNode pagination = doc.putObject("pagination");
        pagination.put("cursor", true);
        pagination.put("index", true);
        pagination.put("defaultPaginationMethod", "index");
        pagination.put("defaultPageSize", ProvisioningService.DEFAULT_PAGE_SIZE);
        pagination.put("maxPageSize", ProvisioningService.MAX_PAGE_SIZE);
        pagination.put("cursorTimeout", ProvisioningService.CURSOR_TIMEOUT_SECONDS);
        ObjectNode scheme = doc.putArray("authenticationSchemes").addObject();
        scheme.put("type", "oauthbearertoken");
        scheme.put("name", "Bearer token");
        scheme.put("description", "Authentication with a bearer token issued by this server for one directory");
        scheme.put("primary", true);
        ObjectNode meta = doc.putObject("meta");
        meta.put("resourceType", "ServiceProviderConfig");
        meta.put("location", http.baseUrl(ctx) + "/ServiceProviderConfig");
        http.json(ctx, 200, doc);
    }

    private void resourceTypes(Context ctx) {
        List<ObjectNode> docs = new ArrayList<>();
        for (ResourceType t : registry.resourceTypes()) docs.add(SchemaJson.resourceTypeDocument(t, http.baseUrl(ctx)));
        http.json(ctx, 200, ListResponse.of(docs.size(), 1, docs));
    }

    private void resourceType(Context ctx) {
        ResourceType t = registry.resourceType(ctx.pathParam("name"));
        if (t == null) throw ScimException.notFound("no resource type named '" + ctx.pathParam("name") + "'");
        http.json(ctx, 200, SchemaJson.resourceTypeDocument(t, http.baseUrl(ctx)));
    }

    private void schemas(Context ctx) {
        List<ObjectNode> docs = new ArrayList<>();
        for (Schema s : registry.schemas()) docs.add(SchemaJson.schemaDocument(s, http.baseUrl(ctx)));
        http.json(ctx, 200, ListResponse.of(docs.size(), 1, docs));
    }

    private void schema(Context ctx) {
        Schema s = registry.schema(ctx.pathParam("urn"));
        if (s == null) throw ScimException.notFound("no schema '" + ctx.pathParam("urn") + "'");
        http.json(ctx, 200, SchemaJson.schemaDocument(s, http.baseUrl(ctx)));
    }
}
