package dev.roster.scim.list;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.SchemaUris;

import java.util.List;

/** The ListResponse message (RFC 7644 §3.4.2); the numbers are JSON integers, as Okta requires. */
public final class ListResponse {
    private ListResponse() {}

    public static ObjectNode of(long totalResults, int startIndex, List<? extends JsonNode> resources) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.putArray("schemas").add(SchemaUris.LIST_RESPONSE);
        out.put("totalResults", totalResults);
        out.put("startIndex", startIndex);
        out.put("itemsPerPage", resources.size());
        ArrayNode array = out.putArray("Resources");
        resources.forEach(array::add);
        return out;
    }

    /**
     * A page of a cursor listing (RFC 9865): {@code nextCursor} is absent on the last page and
     * {@code previousCursor} on the first; there is no startIndex.
     */
    public static ObjectNode ofCursorPage(long totalResults, List<? extends JsonNode> resources, String nextCursor,
                                          String previousCursor) {
        ObjectNode out = of(totalResults, 1, resources);
        out.remove("startIndex");
        if (previousCursor != null) out.put("previousCursor", previousCursor);
        if (nextCursor != null) out.put("nextCursor", nextCursor);
        // Keep Resources last, after the paging fields, as clients read them top-down.
        out.set("Resources", out.remove("Resources"));
        return out;
    }
}
