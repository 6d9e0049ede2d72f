package dev.roster.scim.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.path.AttributePath;
import dev.roster.scim.path.PatchPath;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 7644 §3.10 asks clients to qualify an extension's attributes with its URN, but does not require it. Entra ID's
 * SCIM tutorial patches {@code {"op":"Add","path":"manager",…}} and filters on {@code manager eq "…"}. A name the
 * core schema lacks and exactly one of the resource type's extensions defines is read as that extension's: in a
 * PATCH path, a filter, {@code attributes}, {@code excludedAttributes} and {@code sortBy}, and as a top-level key of
 * a body or of a path-less PATCH value, which would otherwise be an unknown attribute, and dropped.
 */
final class UnqualifiedExtensionNames implements IdpRule {
    @Override public String name() { return "unqualified-extension-names"; }

    @Override public String description() { return "read manager, department, … without their URN as the enterprise extension's (Entra ID)"; }

    @Override
    public void rewriteResource(ObjectNode body, ResourceType type, SchemaRegistry registry) {
        List<String> keys = new ArrayList<>();
        body.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            if (key.indexOf(':') >= 0 || key.indexOf('.') >= 0) continue;
            AttributePath qualified = qualified(AttributePath.of(key), type, registry);
            if (qualified.schemaUrn() == null) continue;
            JsonNode value = body.remove(key);
            JsonNode extension = body.get(qualified.schemaUrn());
            if (extension == null) extension = body.putObject(qualified.schemaUrn());
            // The qualified spelling, when a body has both, is the one the client meant for the extension.
            if (extension instanceof ObjectNode ext && !ext.has(key)) ext.set(key, value);
        }
    }

    @Override
    public List<ObjectNode> rewriteOperation(ObjectNode op, ResourceType type, SchemaRegistry registry, ObjectNode current) {
        ObjectNode pathless = Json.pathlessValue(op);
        if (pathless != null) rewriteResource(pathless, type, registry);
        PatchPath path = Json.path(op);
        if (path == null) return List.of(op);
        AttributePath qualified = qualified(path.attribute(), type, registry);
        if (qualified != path.attribute()) op.put("path", new PatchPath(qualified, path.valueFilter(), path.subAttribute()).toString());
        return List.of(op);
    }

    @Override
    public AttributePath rewriteAttributePath(AttributePath path, ResourceType type, SchemaRegistry registry) {
        return qualified(path, type, registry);
    }

    @Override
    public Filter rewriteFilter(Filter f, ResourceType type, SchemaRegistry registry) {
        return f.mapPaths(path -> qualified(path, type, registry));
    }

    /** The path with its extension's URN when only an extension defines its attribute; else the path itself. */
    private static AttributePath qualified(AttributePath path, ResourceType type, SchemaRegistry registry) {
        if (path.schemaUrn() != null || registry.resolve(type, path) != null) return path;
        String urn = null;
        for (ResourceType.Extension e : type.extensions()) {
            if (e.schema().attribute(path.attribute()) == null) continue;
            if (urn != null) return path; // two extensions define it: which one is meant is the client's to say
            urn = e.schema().id();
        }
        return urn == null ? path : new AttributePath(urn, path.attribute(), path.subAttribute());
    }
}
