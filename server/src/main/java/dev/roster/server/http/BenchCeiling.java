package dev.roster.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The fixed document the load benchmark's ceiling endpoint serves (only with ROSTER_BENCH_CEILING=1):
 * a user resource as Roster renders one, so the ceiling pays for HTTP and bytes but no SCIM work. It is
 * written the way {@link ScimHttp} writes responses, straight into the response stream.
 */
final class BenchCeiling {
    private BenchCeiling() {}

    static byte[] document(ObjectMapper mapper) {
        ObjectNode u = mapper.createObjectNode();
        u.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User")
                .add("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        u.put("id", "2819c223-7f76-453a-919d-413861904646");
        u.put("userName", "user42@bench.example");
        u.putObject("name").put("givenName", "Given42").put("familyName", "Family42");
        u.putArray("emails").addObject().put("primary", true).put("value", "user42@bench.example").put("type", "work");
        u.put("displayName", "Given42 Family42");
        u.put("locale", "en-US");
        u.put("externalId", "00u16bench");
        u.put("active", true);
        u.putObject("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").put("department", "Dept42");
        // Every seeded user is in one group, so the documents GET /Users/{id} answers carry one.
        u.putArray("groups").addObject().put("value", "a1278a39-f7f0-48a5-a5ce-d41290551c41")
                .put("$ref", "http://127.0.0.1:8080/scim/v2/Groups/a1278a39-f7f0-48a5-a5ce-d41290551c41")
                .put("display", "Everyone").put("type", "direct");
        ObjectNode meta = u.putObject("meta");
        meta.put("resourceType", "User");
        meta.put("created", "2026-11-28T12:00:00.000Z");
        meta.put("lastModified", "2026-11-28T12:00:00.000Z");
        meta.put("location", "http://127.0.0.1:8080/scim/v2/Users/2819c223-7f76-453a-919d-413861904646");
        meta.put("version", "W/\"1\"");
        try {
            return mapper.writeValueAsBytes(u);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
