package dev.roster.scim.schema;

import java.util.List;

/** A schema (RFC 7643 §7): its URN and top-level attributes. */
public record Schema(String id, String name, String description, List<AttributeDefinition> attributes) {
    public Schema {
        attributes = List.copyOf(attributes);
    }

    public AttributeDefinition attribute(String attributeName) {
        for (AttributeDefinition a : attributes) if (a.name().equalsIgnoreCase(attributeName)) return a;
        return null;
    }
}
