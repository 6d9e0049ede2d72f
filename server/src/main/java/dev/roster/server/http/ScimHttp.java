package dev.roster.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.roster.scim.ScimException;
import dev.roster.scim.UnicodeText;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HexFormat;
import java.util.Locale;

/** Reading SCIM requests and writing SCIM responses: media types, JSON, the base URL. */
final class ScimHttp {
    static final String SCIM_JSON = "application/scim+json; charset=utf-8";
    private static final Logger log = LoggerFactory.getLogger(ScimHttp.class);

    private final ObjectMapper mapper;
    // Leaves the response stream open: Javalin closes it once the after-handlers have run.
    private final ObjectWriter writer;
    private final String publicUrl;

    ScimHttp(ObjectMapper mapper, String publicUrl) {
        this.mapper = mapper;
        this.writer = mapper.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        this.publicUrl = publicUrl == null ? null : stripSlash(publicUrl);
    }

    /**
     * The request body as JSON. SCIM's media type and plain JSON are both accepted, with or without
     * a charset (Okta's SPEC test posts application/json); a body without Content-Type is read as JSON.
     * A compressed body is refused as RFC 9110 §8.4 allows, rather than read as broken JSON.
     */
    JsonNode body(Context ctx) {
        String type = ctx.contentType();
        if (type != null && !type.isBlank()) {
            String base = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!base.equals("application/scim+json") && !base.equals("application/json")) {
                throw ScimException.unsupportedMediaType("send application/scim+json or application/json, not " + base);
            }
        }
        String coding = ctx.header("Content-Encoding");
        if (coding != null && !coding.isBlank() && !coding.trim().equalsIgnoreCase("identity")) {
            throw ScimException.unsupportedMediaType("request bodies are read as they are sent: send the JSON without "
                    + "Content-Encoding " + coding.trim());
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) throw ScimException.invalidSyntax("the request has no body");
        try {
            JsonNode node = mapper.readTree(bytes);
            if (node == null || node.isMissingNode()) throw ScimException.invalidSyntax("the request has no body");
            UnicodeText.check(node);
            return node;
        } catch (JsonProcessingException e) {
            throw ScimException.invalidSyntax("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ScimException.invalidSyntax("the body could not be read");
        }
    }

    /**
     * Refuses a query string with a broken percent-escape. Javalin would drop that parameter without a word,
     * and a lookup whose filter was dropped lists the whole directory.
     */
    static void checkQueryString(String query) {
        if (query == null || query.indexOf('%') < 0) return;
        for (String parameter : query.split("&")) {
            for (int i = parameter.indexOf('%'); i >= 0; i = parameter.indexOf('%', i + 3)) {
                if (i + 2 < parameter.length() && HexFormat.isHexDigit(parameter.charAt(i + 1))
                        && HexFormat.isHexDigit(parameter.charAt(i + 2))) continue;
                String name = parameter.split("=", 2)[0];
                if (name.length() > 40) name = name.substring(0, 40) + "…";
                String detail = "the query parameter '" + name + "' has a '%' that is not followed by two hex digits";
                throw name.equalsIgnoreCase("filter") ? ScimException.invalidFilter(detail) : ScimException.badRequest(detail);
            }
        }
    }

    /**
     * Writes the response. The JSON goes straight into the response stream rather than through
     * {@code ctx.result(bytes)}, which copies every body through a fresh 32 KB buffer. Headers and status
     * must be set before this is called; a body that fits the response buffer still gets a Content-Length.
     */
    void json(Context ctx, int status, JsonNode body) {
        ctx.status(status);
        ctx.contentType(SCIM_JSON);
        try {
            writer.writeValue(ctx.outputStream(), body);
        } catch (IOException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                // Ours, not the client's: the database failed while a group's members streamed out. Part of the
                // answer may have left, so the client must see it cut off rather than end short; the failure
                // goes on to be logged.
                abort(ctx);
                throw failure;
            }
            // The client went away mid-response: there is no one left to answer.
            log.debug("{} {}: the response was not delivered: {}", ctx.method(), ctx.path(), e.toString());
        }
    }

    private static final String ABORTED = "roster.aborted";

    /** Closes the connection without ending the response (Jetty's {@code sendError(-1)}). */
    private static void abort(Context ctx) {
        ctx.attribute(ABORTED, true);
        try {
            ctx.res().sendError(-1, "the answer failed while it was being written");
        } catch (IOException | RuntimeException e) {
            log.debug("{} {}: could not abort the response: {}", ctx.method(), ctx.path(), e.toString());
        }
    }

    /** Whether the response was cut off by {@link #abort}: nothing more can be written to it. */
    static boolean aborted(Context ctx) {
        return ctx.attribute(ABORTED) != null;
    }

    /**
     * The SCIM root as the client sees it, for meta.location and $ref. A configured public URL wins;
     * otherwise the request's own scheme and host, as forwarded by a TLS-terminating proxy.
     */
    String baseUrl(Context ctx) {
        if (publicUrl != null) return publicUrl + "/scim/v2";
        String proto = ctx.header("X-Forwarded-Proto");
        String host = ctx.header("X-Forwarded-Host");
        String scheme = proto != null && !proto.isBlank() ? proto.split(",")[0].trim() : ctx.scheme();
        String authority = host != null && !host.isBlank() ? host.split(",")[0].trim() : ctx.host();
        return scheme + "://" + authority + "/scim/v2";
    }

    /** The directory the request's token belongs to, and the base URL it reached us at. */
    dev.roster.server.service.RequestContext context(Context ctx) {
        dev.roster.server.directory.DirectoryService.Directory d = ctx.attribute(BearerAuthentication.DIRECTORY);
        return new dev.roster.server.service.RequestContext(d.id(), d.dialect(), baseUrl(ctx));
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
