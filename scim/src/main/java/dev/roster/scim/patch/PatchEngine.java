package dev.roster.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.FilterBinder;
import dev.roster.scim.filter.FilterEvaluator;
import dev.roster.scim.filter.Operator;
import dev.roster.scim.path.AttributePath;
import dev.roster.scim.path.PatchPath;
import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.scim.schema.Mutability;
import dev.roster.scim.schema.ResolvedAttribute;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.ResourceValidator;
import dev.roster.scim.schema.Schema;
import dev.roster.scim.schema.SchemaRegistry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;

/**
 * Applies PATCH operations (RFC 7644 §3.5.2) to a resource document. It works on a copy and returns it,
 * so a failing operation leaves the caller's document untouched: the request is all or nothing.
 * The document is the stored form: canonical names, no {@code id}, {@code meta} or group members.
 */
public final class PatchEngine {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ResourceType type;
    private final SchemaRegistry registry;

    public PatchEngine(ResourceType type, SchemaRegistry registry) {
        this.type = type;
        this.registry = registry;
    }

    public ObjectNode apply(ObjectNode document, List<PatchOperation> operations) {
        ObjectNode doc = document.deepCopy();
        for (PatchOperation op : operations) applyInPlace(doc, op);
        return doc;
    }

    /**
     * Applies one operation to {@code doc} itself, for a caller that works on a copy of its own: copying the
     * document for each of a request's operations made a request's cost grow with their number times its size.
     */
    void applyInPlace(ObjectNode doc, PatchOperation op) {
        if (op.path() == null) applyPathless(doc, op);
        else applyWithPath(doc, op);
    }

    /**
     * A path-less add or replace (RFC 7644 §3.5.2.1, §3.5.2.3): each key of the value is an attribute name,
     * or an extension's URN with an object of its attributes. Keys no schema defines are ignored, as in a
     * PUT; a read-only attribute is a mutability error; a key written as a path ({@code name.givenName})
     * is not an attribute name and is refused (the dialect rules rewrite Entra's such keys first).
     */
    private void applyPathless(ObjectNode doc, PatchOperation op) {
        Iterator<Map.Entry<String, JsonNode>> fields = op.value().fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            Schema extension = type.extension(key);
            if (extension != null) {
                if (!field.getValue().isObject()) {
                    throw ScimException.invalidValue("the value of '" + extension.id() + "' must be an object");
                }
                applyToExtension(doc, new PatchOperation(op.op(), null, field.getValue()), extension);
                continue;
            }
            if (key.indexOf('.') >= 0 || key.indexOf(':') >= 0) {
                throw ScimException.invalidPath("'" + key + "' is a path, not an attribute name: send it as the operation's path");
            }
            ResolvedAttribute r = registry.resolve(type, AttributePath.of(key));
            if (r == null) continue;
            if (isReadOnly(r)) throw ScimException.mutability("'" + r.attribute().name() + "' is read-only");
            applySimplePath(doc, op.op(), r, field.getValue());
        }
    }

    private void applyWithPath(ObjectNode doc, PatchOperation op) {
        PatchPath path = op.path();
        ResolvedAttribute r = registry.resolve(type, path.attribute());
        if (r == null) throw ScimException.invalidPath("'" + path + "' is not an attribute of " + type.name());
        if (r.isWholeExtension()) {
            applyToExtension(doc, op, r.schema());
            return;
        }
        if (isReadOnly(r) || (path.subAttribute() != null && isReadOnly(r.attribute().subAttribute(path.subAttribute())))) {
            throw ScimException.mutability("'" + path + "' is read-only");
        }
        if (path.valueFilter() == null) {
            applySimplePath(doc, op.op(), r, op.value());
            return;
        }
        AttributeDefinition attr = r.attribute();
        if (!attr.multiValued() || !attr.isComplex()) {
            throw ScimException.invalidPath("'" + path.attribute() + "' is not a multi-valued complex attribute");
        }
        AttributeDefinition sub = null;
        if (path.subAttribute() != null) {
            sub = attr.subAttribute(path.subAttribute());
            if (sub == null) throw ScimException.invalidPath("'" + attr.name() + "' has no sub-attribute '" + path.subAttribute() + "'");
        }
        applyFiltered(doc, op.op(), r, FilterBinder.bindWithin(path.valueFilter(), attr), sub, op.value(), path);
    }

    private void applyToExtension(ObjectNode doc, PatchOperation op, Schema extension) {
        if (op.op() == PatchOperation.Op.REMOVE) {
            doc.remove(extension.id());
            return;
        }
        if (op.value() == null || !op.value().isObject()) {
            throw ScimException.invalidValue("the value for '" + extension.id() + "' must be an object");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = op.value().fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            ResolvedAttribute r = registry.resolve(type, new AttributePath(extension.id(), e.getKey(), null));
            if (r == null) continue;
            if (isReadOnly(r)) throw ScimException.mutability("'" + extension.id() + ":" + e.getKey() + "' is read-only");
            applySimplePath(doc, op.op(), r, e.getValue());
        }
    }

    /** {@code attr} or {@code attr.sub}, without a value filter. */
    private void applySimplePath(ObjectNode doc, PatchOperation.Op op, ResolvedAttribute r, JsonNode value) {
        ObjectNode container = container(doc, r, op != PatchOperation.Op.REMOVE);
        if (container == null) return;
        AttributeDefinition attr = r.attribute();
        String name = attr.name();
        if (r.subAttribute() != null) {
            AttributeDefinition sub = r.subAttribute();
            JsonNode current = container.get(name);
            if (attr.multiValued()) {
                // attr.sub on a multi-valued attribute addresses that sub-attribute of every value.
                if (current == null || !current.isArray()) {
                    if (op == PatchOperation.Op.REMOVE) return;
                    throw ScimException.noTarget("'" + name + "' has no values to set '" + sub.name() + "' on");
                }
                for (JsonNode element : current) setSub((ObjectNode) element, sub, op, value, name);
            } else {
                ObjectNode obj = current instanceof ObjectNode o ? o : null;
                if (obj == null) {
                    if (op == PatchOperation.Op.REMOVE) return;
                    obj = container.putObject(name);
                }
                setSub(obj, sub, op, value, name);
                if (obj.isEmpty()) container.remove(name);
            }
            dropIfEmpty(doc, r);
            return;
        }
        switch (op) {
            case REMOVE -> container.remove(name);
            case REPLACE -> {
                if (attr.multiValued()) {
                    setOrRemove(container, name, ResourceValidator.value(attr, value, name));
                } else if (attr.isComplex()) {
                    mergeComplex(container, attr, value);
                } else {
                    setOrRemove(container, name, ResourceValidator.value(attr, value, name));
                }
            }
            case ADD -> {
                if (attr.multiValued()) {
                    JsonNode added = ResourceValidator.value(attr, value, name);
                    if (added != null) addValues(container, attr, (ArrayNode) added);
                } else if (attr.isComplex()) {
                    mergeComplex(container, attr, value);
                } else {
                    // RFC 7644 §3.5.2.1: add on a single-valued attribute replaces it.
                    setOrRemove(container, name, ResourceValidator.value(attr, value, name));
                }
            }
        }
        dropIfEmpty(doc, r);
    }

    /** Sub-attributes in the value replace their namesakes; the others stay (RFC 7644 §3.5.2.3). */
    private static void mergeComplex(ObjectNode container, AttributeDefinition attr, JsonNode value) {
        if (value == null || value.isNull()) {
            container.remove(attr.name());
            return;
        }
        JsonNode normalized = ResourceValidator.value(attr, value, attr.name());
        if (normalized == null) return;
        JsonNode current = container.get(attr.name());
        ObjectNode target = current instanceof ObjectNode o ? o : container.putObject(attr.name());
        target.setAll((ObjectNode) normalized);
    }

    private static void setSub(ObjectNode element, AttributeDefinition sub, PatchOperation.Op op, JsonNode value, String where) {
        if (op == PatchOperation.Op.REMOVE) {
            element.remove(sub.name());
            return;
        }
        setOrRemove(element, sub.name(), ResourceValidator.scalar(sub, value, where + "." + sub.name()));
    }

    private static void setOrRemove(ObjectNode container, String name, JsonNode value) {
        if (value == null) container.remove(name);
        else container.set(name, value);
    }

    private void applyFiltered(ObjectNode doc, PatchOperation.Op op, ResolvedAttribute r, Filter filter,
                               AttributeDefinition sub, JsonNode value, PatchPath path) {
        AttributeDefinition attr = r.attribute();
        ObjectNode container = container(doc, r, op != PatchOperation.Op.REMOVE);
        ArrayNode values = container != null && container.get(attr.name()) instanceof ArrayNode a ? a : null;
        List<ObjectNode> matched = new ArrayList<>();
        if (values != null) {
            for (JsonNode element : values) {
                if (element instanceof ObjectNode o && FilterEvaluator.matchesValue(filter, o, attr)) matched.add(o);
            }
        }
        if (matched.isEmpty()) {
            // RFC 7644 §3.5.2.3: a value filter that matches nothing is noTarget (Entra's habit of
            // creating the value this way is a dialect rule, applied before the engine).
            throw ScimException.noTarget("no value of '" + attr.name() + "' matches '" + path + "'");
        }
        Set<ObjectNode> touched = Collections.newSetFromMap(new IdentityHashMap<>());
        touched.addAll(matched);
        if (op == PatchOperation.Op.REMOVE && sub == null) {
            for (int i = values.size() - 1; i >= 0; i--) if (touched.contains(values.get(i))) values.remove(i);
        } else {
            for (ObjectNode element : matched) {
                if (sub != null) setSub(element, sub, op, value, attr.name());
                else mergeElement(element, attr, value);
            }
            demoteOtherPrimaries(values, touched);
        }
        for (int i = values.size() - 1; i >= 0; i--) if (values.get(i).isEmpty()) values.remove(i);
        if (values.isEmpty()) container.remove(attr.name());
        dropIfEmpty(doc, r);
    }

    private static void mergeElement(ObjectNode element, AttributeDefinition attr, JsonNode value) {
        if (value == null || !value.isObject()) throw ScimException.invalidValue("the value for a value filter path must be an object");
        JsonNode normalized = ResourceValidator.value(attr, value, attr.name());
        if (normalized != null) element.setAll((ObjectNode) normalized.get(0));
    }

    private static void addValues(ObjectNode container, AttributeDefinition attr, ArrayNode added) {
        ArrayNode current = container.get(attr.name()) instanceof ArrayNode a ? a : container.putArray(attr.name());
        // One value is looked for in the list; several, in a set made of it once, so that adding n values to a
        // list of m costs n + m comparisons, not n times m.
        Set<JsonNode> present = null;
        if (added.size() > 1) {
            present = new HashSet<>();
            for (JsonNode e : current) present.add(e);
        }
        Set<JsonNode> touched = Collections.newSetFromMap(new IdentityHashMap<>());
        for (JsonNode v : added) {
            // Adding a value that is already there is not an error (RFC 7644 §3.5.2.1); it changes nothing.
            boolean there = present != null ? !present.add(v) : contains(current, v);
            if (!there) {
                current.add(v);
                touched.add(v);
            }
        }
        // Checked here too, not only when the document is stored: the operations after this one would each pay
        // for every value.
        ResourceValidator.checkValueCount(attr, current.size(), attr.name());
        demoteOtherPrimaries(current, touched);
    }

    private static boolean contains(ArrayNode array, JsonNode v) {
        for (JsonNode e : array) if (e.equals(v)) return true;
        return false;
    }

    /** RFC 7644 §3.5.2: setting one value primary makes the others non-primary. */
    private static void demoteOtherPrimaries(ArrayNode values, Set<? extends JsonNode> touched) {
        boolean touchedPrimary = false;
        for (JsonNode t : touched) if (t.path("primary").asBoolean(false)) touchedPrimary = true;
        if (!touchedPrimary) return;
        for (JsonNode e : values) {
            if (!touched.contains(e) && e instanceof ObjectNode o && o.path("primary").asBoolean(false)) o.put("primary", false);
        }
    }

    private static ObjectNode container(ObjectNode doc, ResolvedAttribute r, boolean create) {
        if (!r.extension()) return doc;
        JsonNode ext = doc.get(r.schema().id());
        if (ext instanceof ObjectNode o) return o;
        return create ? doc.putObject(r.schema().id()) : null;
    }

    private static void dropIfEmpty(ObjectNode doc, ResolvedAttribute r) {
        if (r.extension() && doc.get(r.schema().id()) instanceof ObjectNode o && o.isEmpty()) doc.remove(r.schema().id());
    }

    private static boolean isReadOnly(ResolvedAttribute r) {
        return r.attribute().mutability() == Mutability.READ_ONLY
                || (r.subAttribute() != null && r.subAttribute().mutability() == Mutability.READ_ONLY);
    }

    private static boolean isReadOnly(AttributeDefinition def) {
        return def != null && def.mutability() == Mutability.READ_ONLY;
    }
}
