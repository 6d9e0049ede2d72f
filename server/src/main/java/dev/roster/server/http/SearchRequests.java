package dev.roster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.list.ListRequest;
import dev.roster.server.service.ProvisioningService;

/** Reads a SearchRequest body (RFC 7644 §3.4.3) into the same ListRequest a GET builds. */
final class SearchRequests {
    private SearchRequests() {}

    static ListRequest read(JsonNode body) {
        if (!body.isObject()) throw ScimException.invalidSyntax("a SearchRequest must be a JSON object");
        return ListRequest.of(text(body, "filter"), text(body, "startIndex"), text(body, "count"),
                csv(body, "attributes"), csv(body, "excludedAttributes"), text(body, "sortBy"), text(body, "sortOrder"),
                text(body, "cursor"), ProvisioningService.DEFAULT_PAGE_SIZE, ProvisioningService.MAX_PAGE_SIZE);
    }

    private static String text(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) return null;
        if (v.isContainerNode()) throw ScimException.invalidValue("'" + name + "' must be a single value");
        return v.asText();
    }

    private static String csv(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) return null;
        if (v.isTextual()) return v.asText();
        if (!v.isArray()) throw ScimException.invalidValue("'" + name + "' must be an array of attribute names");
        StringBuilder sb = new StringBuilder();
        for (JsonNode n : v) {
            if (sb.length() > 0) sb.append(',');
            sb.append(n.asText());
        }
        return sb.toString();
    }
}
