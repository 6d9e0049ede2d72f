package dev.roster.scim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The SCIM Error message (RFC 7644 §3.12): {@code status} is a string, as the RFC's examples show. */
public final class ScimError {
    private ScimError() {}

    public static ObjectNode of(int status, String scimType, String detail) {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.putArray("schemas").add(SchemaUris.ERROR);
        error.put("status", Integer.toString(status));
        if (scimType != null) error.put("scimType", scimType);
        error.put("detail", detail);
        return error;
    }

    public static ObjectNode of(ScimException e) {
        return of(e.status(), e.scimType(), e.detail());
    }
}
