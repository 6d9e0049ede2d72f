package dev.roster.scim.list;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.path.AttributePath;
import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.scim.schema.ResolvedAttribute;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.Returned;
import dev.roster.scim.schema.Schema;
import dev.roster.scim.schema.SchemaRegistry;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code attributes} / {@code excludedAttributes} parameters (RFC 7644 §3.4.2.5) with the schema's
 * {@code returned} rules (RFC 7643 §7): "always" attributes are kept whatever is asked, "never" ones
 * are never shown, "request" ones only when named in {@code attributes}.
 */
public final class Projection {
    public static final Projection DEFAULT = new Projection(List.of(), List.of());

    /**
     * The most attribute names {@code attributes} or {@code excludedAttributes} may hold, repeats counted once: far
     * more than the schemas define, and few enough that applying them to a page of 1,000 resources stays cheap.
     */
    public static final int MAX_NAMES = 200;

    private final List<AttributePath> attributes;
    private final List<AttributePath> excluded;

    private Projection(List<AttributePath> attributes, List<AttributePath> excluded) {
        this.attributes = attributes;
        this.excluded = excluded;
    }

    /** Parses the comma-separated parameters; either may be null. Giving both is an error. */
    public static Projection parse(String attributes, String excludedAttributes) {
        List<AttributePath> inc = paths(attributes);
        List<AttributePath> exc = paths(excludedAttributes);
        if (!inc.isEmpty() && !exc.isEmpty()) {
            throw ScimException.invalidSyntax("give either 'attributes' or 'excludedAttributes', not both");
        }
        return new Projection(inc, exc);
    }

    /** This projection with each name as {@code rename} makes it; the names' order and count stay. */
    public Projection withPaths(java.util.function.UnaryOperator<AttributePath> rename) {
        if (attributes.isEmpty() && excluded.isEmpty()) return this;
        return new Projection(attributes.stream().map(rename).toList(), excluded.stream().map(rename).toList());
    }

    private static List<AttributePath> paths(String csv) {
        List<AttributePath> out = new ArrayList<>();
        if (csv == null || csv.isBlank()) return out;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String part : csv.split(",")) {
            String p = part.trim();
            if (p.isEmpty() || !seen.add(p.toLowerCase(java.util.Locale.ROOT))) continue;
            if (seen.size() > MAX_NAMES) {
                throw ScimException.invalidValue("'attributes' and 'excludedAttributes' hold at most " + MAX_NAMES + " names");
            }
            try {
                out.add(AttributePath.parse(p));
            } catch (ScimException e) {
                throw ScimException.invalidSyntax("'" + p + "' is not an attribute name");
            }
        }
        return out;
    }

    /**
     * Whether the projected resource can contain the top-level attribute {@code name} at all. A name qualified
     * by a schema URN counts (the core schema's URN may qualify a core attribute); the projection decides.
     */
    public boolean mayInclude(String name) {
        if (!attributes.isEmpty()) {
            for (AttributePath p : attributes) if (p.attribute().equalsIgnoreCase(name)) return true;
            return false;
        }
        for (AttributePath p : excluded) {
            if (p.attribute().equalsIgnoreCase(name) && p.subAttribute() == null && p.schemaUrn() == null) return false;
        }
        return true;
    }

    /**
     * Which of {@code subAttributes}, the sub-attributes of the core complex attribute {@code name} (one returned by
     * default, such as a group's {@code members}), the projection shows, in their given order: all of them, some,
     * or none when it does not show the attribute. This is what {@link #apply} would keep of each value; it lets a
     * caller write such an attribute itself, value by value, rather than build it whole to be projected.
     */
    public List<String> shownSubAttributes(ResourceType type, String name, List<String> subAttributes) {
        String core = type.schema().id();
        List<String> named = new ArrayList<>();
        if (!attributes.isEmpty()) {
            for (AttributePath p : attributes) {
                if (!namesCore(p, name, core)) continue;
                if (p.subAttribute() == null) return subAttributes;
                named.add(p.subAttribute());
            }
            return subAttributes.stream().filter(s -> containsIgnoringCase(named, s)).toList();
        }
        for (AttributePath p : excluded) {
            if (!namesCore(p, name, core)) continue;
            if (p.subAttribute() == null) return List.of();
            named.add(p.subAttribute());
        }
        if (named.isEmpty()) return subAttributes;
        return subAttributes.stream().filter(s -> !containsIgnoringCase(named, s)).toList();
    }

    private static boolean namesCore(AttributePath p, String name, String coreUrn) {
        return p.attribute().equalsIgnoreCase(name) && (p.schemaUrn() == null || p.schemaUrn().equalsIgnoreCase(coreUrn));
    }

    private static boolean containsIgnoringCase(List<String> names, String name) {
        for (String n : names) if (n.equalsIgnoreCase(name)) return true;
        return false;
    }

    /**
     * Returns the projected resource: a copy, or the resource itself when nothing is asked for and the
     * resource type has no attribute that is returned only on request or never.
     */
    public ObjectNode apply(ObjectNode resource, ResourceType type, SchemaRegistry registry) {
        if (attributes.isEmpty() && excluded.isEmpty() && nothingHidden(resource, HIDDEN.computeIfAbsent(type.name(), n -> hidden(type)))) {
            return resource;
        }
        ObjectNode out = resource.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = resource.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (key.equals("schemas")) {
                out.set(key, field.getValue());
                continue;
            }
            Schema extension = type.extension(key);
            if (extension != null) {
                ObjectNode ext = projectObject((ObjectNode) field.getValue(), extension, type, registry);
                if (!ext.isEmpty()) out.set(key, ext);
                continue;
            }
            ResolvedAttribute r = registry.resolve(type, AttributePath.of(key));
            if (r == null) continue;
            JsonNode projected = projectAttribute(field.getValue(), r, null, type.schema().id());
            if (projected != null) out.set(key, projected);
        }
        dropAbsentExtensions(out, type);
        return out;
    }

    /**
     * {@code schemas} names the schemas of the attributes present (RFC 7643 §3): an extension the projection left
     * out leaves it too. The core schema stays, as {@code id} does.
     */
    private static void dropAbsentExtensions(ObjectNode out, ResourceType type) {
        JsonNode schemas = out.get("schemas");
        if (schemas == null || !schemas.isArray()) return;
        com.fasterxml.jackson.databind.node.ArrayNode kept = out.arrayNode();
        for (JsonNode uri : schemas) {
            if (type.extension(uri.asText()) == null || out.has(uri.asText())) kept.add(uri);
        }
        if (kept.size() != schemas.size()) out.set("schemas", kept);
    }

    /**
     * Per resource type, the top-level attributes returned "never" or "request" (password), or null when
     * a sub-attribute or extension attribute is, and every resource must be walked.
     */
    // Keyed by name: a record's hashCode walks every attribute definition.
    private static final java.util.Map<String, java.util.Optional<List<String>>> HIDDEN = new java.util.concurrent.ConcurrentHashMap<>();

    private static java.util.Optional<List<String>> hidden(ResourceType type) {
        List<String> names = new ArrayList<>();
        for (AttributeDefinition a : type.schema().attributes()) {
            if (isHidden(a)) names.add(a.name());
            for (AttributeDefinition sub : a.subAttributes()) if (isHidden(sub)) return java.util.Optional.empty();
        }
        for (ResourceType.Extension e : type.extensions()) {
            for (AttributeDefinition a : e.schema().attributes()) {
                if (isHidden(a)) return java.util.Optional.empty();
                for (AttributeDefinition sub : a.subAttributes()) if (isHidden(sub)) return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(names);
    }

    private static boolean nothingHidden(ObjectNode resource, java.util.Optional<List<String>> hidden) {
        if (hidden.isEmpty()) return false;
        for (String name : hidden.get()) if (resource.has(name)) return false;
        return true;
    }

    private static boolean isHidden(AttributeDefinition a) {
        return a.returned() == Returned.NEVER || a.returned() == Returned.REQUEST;
    }

    private ObjectNode projectObject(ObjectNode ext, Schema extension, ResourceType type, SchemaRegistry registry) {
        ObjectNode out = ext.objectNode();
        boolean wholeRequested = false;
        boolean wholeExcluded = false;
        for (AttributePath p : attributes) if ((p.schemaUrn() + ":" + p.attribute()).equalsIgnoreCase(extension.id())) wholeRequested = true;
        for (AttributePath p : excluded) if ((p.schemaUrn() + ":" + p.attribute()).equalsIgnoreCase(extension.id())) wholeExcluded = true;
        if (wholeExcluded) return out;
        Iterator<Map.Entry<String, JsonNode>> fields = ext.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            ResolvedAttribute r = registry.resolve(type, new AttributePath(extension.id(), field.getKey(), null));
            if (r == null) continue;
            JsonNode projected = wholeRequested ? field.getValue() : projectAttribute(field.getValue(), r, extension.id(), null);
            if (projected != null) out.set(field.getKey(), projected);
        }
        return out;
    }

    private JsonNode projectAttribute(JsonNode value, ResolvedAttribute r, String urn, String coreUrn) {
        AttributeDefinition def = r.attribute();
        if (def.returned() == Returned.NEVER) return null;
        if (def.returned() == Returned.ALWAYS) return value;
        if (!attributes.isEmpty()) {
            boolean whole = false;
            List<String> subs = new ArrayList<>();
            for (AttributePath p : attributes) {
                if (!matches(p, def, urn, coreUrn)) continue;
                if (p.subAttribute() == null) whole = true;
                else subs.add(p.subAttribute());
            }
            if (whole) return value;
            if (subs.isEmpty()) return null;
            return keepSubs(value, subs, true);
        }
        if (def.returned() == Returned.REQUEST) return null;
        List<String> dropped = new ArrayList<>();
        for (AttributePath p : excluded) {
            if (!matches(p, def, urn, coreUrn)) continue;
            if (p.subAttribute() == null) return null;
            dropped.add(p.subAttribute());
        }
        return dropped.isEmpty() ? value : keepSubs(value, dropped, false);
    }

    private static boolean matches(AttributePath p, AttributeDefinition def, String urn, String coreUrn) {
        if (!p.attribute().equalsIgnoreCase(def.name())) return false;
        if (p.schemaUrn() == null) return urn == null;
        return p.schemaUrn().equalsIgnoreCase(urn != null ? urn : coreUrn);
    }

    /** Keeps (or drops) the named sub-attributes of a complex value or of each element of an array. */
    private static JsonNode keepSubs(JsonNode value, List<String> subs, boolean keep) {
        if (value.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode out = ((com.fasterxml.jackson.databind.node.ArrayNode) value).arrayNode();
            for (JsonNode e : value) {
                JsonNode k = keepSubs(e, subs, keep);
                if (k != null) out.add(k);
            }
            return out.isEmpty() ? null : out;
        }
        if (!value.isObject()) return keep ? null : value;
        ObjectNode out = ((ObjectNode) value).objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            boolean named = subs.stream().anyMatch(s -> s.equalsIgnoreCase(f.getKey()));
            if (named == keep) out.set(f.getKey(), f.getValue());
        }
        return out.isEmpty() ? null : out;
    }
}
