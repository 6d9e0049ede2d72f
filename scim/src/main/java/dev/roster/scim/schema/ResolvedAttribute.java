package dev.roster.scim.schema;

/**
 * An attribute path resolved against a resource type: the schema it belongs to (null for the common
 * attributes {@code id}, {@code externalId}, {@code meta}), the attribute and the sub-attribute, all
 * with their canonical names. A path naming a whole extension has a schema and no attribute.
 */
public record ResolvedAttribute(Schema schema, AttributeDefinition attribute, AttributeDefinition subAttribute,
                                boolean extension) {

    /** The definition the path points at: the sub-attribute if there is one, else the attribute. */
    public AttributeDefinition target() { return subAttribute != null ? subAttribute : attribute; }

    public boolean isWholeExtension() { return attribute == null; }

    public boolean isCommon() { return schema == null; }

    /** The dotted canonical name, e.g. {@code name.givenName}, without any URN. */
    public String dottedName() {
        return subAttribute == null ? attribute.name() : attribute.name() + "." + subAttribute.name();
    }
}
