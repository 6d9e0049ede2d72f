package dev.roster.scim.schema;

import java.util.List;

/**
 * One attribute's characteristics (RFC 7643 §2.2, §7). Sub-attributes of a complex attribute are
 * definitions too; names are matched without regard to case (§2.1).
 */
public record AttributeDefinition(
        String name,
        AttributeType type,
        boolean multiValued,
        String description,
        boolean required,
        boolean caseExact,
        Mutability mutability,
        Returned returned,
        Uniqueness uniqueness,
        List<String> canonicalValues,
        List<String> referenceTypes,
        List<AttributeDefinition> subAttributes) {

    public AttributeDefinition {
        canonicalValues = List.copyOf(canonicalValues);
        referenceTypes = List.copyOf(referenceTypes);
        subAttributes = List.copyOf(subAttributes);
    }

    public AttributeDefinition subAttribute(String subName) {
        for (AttributeDefinition sub : subAttributes) if (sub.name.equalsIgnoreCase(subName)) return sub;
        return null;
    }

    public boolean isComplex() { return type == AttributeType.COMPLEX; }

    /** Text compared without regard to case: the RFC default for strings (caseExact false). */
    public boolean foldsCase() { return type.isText() && !caseExact; }
}
