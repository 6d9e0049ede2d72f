package dev.roster.scim.dialect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.path.AttributePath;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;

import java.util.List;

/**
 * One habit of a real identity provider, rewritten into what RFC 7643/7644 mean before the strict
 * protocol code sees it. Each rule cites the traffic it accepts; a directory may switch a rule off
 * (strict mode) where the habit would hide a client bug.
 */
public interface IdpRule {

    /** The rule's name, as operators switch it: lower case words joined by '-'. */
    String name();

    /** One line for operators: what the rule accepts and from whom. */
    String description();

    /** Rewrites a POST or PUT body in place. */
    default void rewriteResource(ObjectNode body, ResourceType type, SchemaRegistry registry) {}

    /**
     * Rewrites one raw PATCH operation (its message keys already lower case) into the operations it
     * means, usually itself. {@code current} is the resource document as the earlier operations left it.
     */
    default List<ObjectNode> rewriteOperation(ObjectNode op, ResourceType type, SchemaRegistry registry, ObjectNode current) {
        return List.of(op);
    }

    /** Rewrites an attribute named in {@code attributes}, {@code excludedAttributes} or {@code sortBy}. */
    default AttributePath rewriteAttributePath(AttributePath path, ResourceType type, SchemaRegistry registry) {
        return path;
    }

    /** Rewrites a parsed list filter (before it is checked against the schema). */
    default Filter rewriteFilter(Filter filter, ResourceType type, SchemaRegistry registry) {
        return filter;
    }
}
