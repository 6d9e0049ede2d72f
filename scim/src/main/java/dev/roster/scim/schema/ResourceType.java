package dev.roster.scim.schema;

import java.util.List;

/** A resource type (RFC 7643 §6): where it lives and which schemas describe it. */
public record ResourceType(String name, String endpoint, String description, Schema schema, List<Extension> extensions) {
    public ResourceType {
        extensions = List.copyOf(extensions);
    }

    public record Extension(Schema schema, boolean required) {}

    public Schema extension(String urn) {
        for (Extension e : extensions) if (e.schema().id().equalsIgnoreCase(urn)) return e.schema();
        return null;
    }
}
