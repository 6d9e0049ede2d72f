package dev.roster.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.scim.path.AttributePath;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The schemas and resource types this server knows. They are loaded from the JSON files beside this
 * class, so discovery ({@code /Schemas}, {@code /ResourceTypes}) serves exactly what validation uses.
 */
public final class SchemaRegistry {
    private static final SchemaRegistry CORE = load();

    /** RFC 7643 §3.1: attributes every resource has, outside any schema. */
    private static final List<AttributeDefinition> COMMON = List.of(
            attr("id", AttributeType.STRING, true, Mutability.READ_ONLY, Returned.ALWAYS, Uniqueness.SERVER, List.of()),
            attr("externalId", AttributeType.STRING, true, Mutability.READ_WRITE, Returned.DEFAULT, Uniqueness.NONE, List.of()),
            attr("meta", AttributeType.COMPLEX, false, Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE, List.of(
                    attr("resourceType", AttributeType.STRING, true, Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE, List.of()),
                    attr("created", AttributeType.DATE_TIME, false, Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE, List.of()),
                    attr("lastModified", AttributeType.DATE_TIME, false, Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE, List.of()),
                    attr("location", AttributeType.REFERENCE, true, Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE, List.of()),
                    attr("version", AttributeType.STRING, true, Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE, List.of()))));

    private final Map<String, Schema> schemas;
    private final Map<String, ResourceType> resourceTypes;

    private SchemaRegistry(Map<String, Schema> schemas, Map<String, ResourceType> resourceTypes) {
        this.schemas = schemas;
        this.resourceTypes = resourceTypes;
    }

    /** User, Group and the EnterpriseUser extension (RFC 7643 §4, §8.7). */
    public static SchemaRegistry core() { return CORE; }

    public Schema schema(String urn) { return schemas.get(urn.toLowerCase(Locale.ROOT)); }

    public List<Schema> schemas() { return List.copyOf(schemas.values()); }

    public ResourceType resourceType(String name) { return resourceTypes.get(name.toLowerCase(Locale.ROOT)); }

    public List<ResourceType> resourceTypes() { return List.copyOf(resourceTypes.values()); }

    public static AttributeDefinition common(String name) {
        for (AttributeDefinition a : COMMON) if (a.name().equalsIgnoreCase(name)) return a;
        return null;
    }

    /**
     * Resolves a path against a resource type, or returns null when the resource type has no such
     * attribute. A URN-qualified path must name the core schema or one of the type's extensions.
     */
    public ResolvedAttribute resolve(ResourceType type, AttributePath path) {
        if (path.schemaUrn() != null) {
            String whole = path.schemaUrn() + ":" + path.attribute();
            Schema ext = type.extension(whole);
            if (ext != null && path.subAttribute() == null) return new ResolvedAttribute(ext, null, null, true);
            Schema schema;
            boolean extension;
            if (type.schema().id().equalsIgnoreCase(path.schemaUrn())) {
                schema = type.schema();
                extension = false;
            } else {
                schema = type.extension(path.schemaUrn());
                extension = true;
            }
            if (schema == null) return null;
            return within(schema, schema.attribute(path.attribute()), path.subAttribute(), extension);
        }
        AttributeDefinition common = common(path.attribute());
        if (common != null) return within(null, common, path.subAttribute(), false);
        return within(type.schema(), type.schema().attribute(path.attribute()), path.subAttribute(), false);
    }

    private static ResolvedAttribute within(Schema schema, AttributeDefinition attribute, String sub, boolean extension) {
        if (attribute == null) return null;
        if (sub == null) return new ResolvedAttribute(schema, attribute, null, extension);
        AttributeDefinition subDef = attribute.subAttribute(sub);
        return subDef == null ? null : new ResolvedAttribute(schema, attribute, subDef, extension);
    }

    private static AttributeDefinition attr(String name, AttributeType type, boolean caseExact, Mutability m,
                                            Returned r, Uniqueness u, List<AttributeDefinition> subs) {
        return new AttributeDefinition(name, type, false, null, false, caseExact, m, r, u, List.of(), List.of(), subs);
    }

    private static SchemaRegistry load() {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Schema> schemas = new LinkedHashMap<>();
        for (String file : List.of("User.json", "Group.json", "EnterpriseUser.json")) {
            Schema s = SchemaJson.readSchema(read(mapper, file));
            schemas.put(s.id().toLowerCase(Locale.ROOT), s);
        }
        Map<String, ResourceType> types = new LinkedHashMap<>();
        for (JsonNode rt : read(mapper, "ResourceTypes.json")) {
            List<ResourceType.Extension> extensions = new ArrayList<>();
            for (JsonNode ext : rt.path("schemaExtensions")) {
                extensions.add(new ResourceType.Extension(schemas.get(ext.path("schema").asText().toLowerCase(Locale.ROOT)),
                        ext.path("required").asBoolean(false)));
            }
            ResourceType type = new ResourceType(rt.path("name").asText(), rt.path("endpoint").asText(),
                    rt.path("description").asText(), schemas.get(rt.path("schema").asText().toLowerCase(Locale.ROOT)), extensions);
            types.put(type.name().toLowerCase(Locale.ROOT), type);
        }
        return new SchemaRegistry(schemas, types);
    }

    private static JsonNode read(ObjectMapper mapper, String file) {
        try (InputStream in = SchemaRegistry.class.getResourceAsStream(file)) {
            if (in == null) throw new IllegalStateException("schema file missing from the classpath: " + file);
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
