package dev.roster.server.service;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import dev.roster.server.store.MemberRef;
import dev.roster.server.store.MembershipStore;
import dev.roster.server.store.StoreException;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/**
 * A group's {@code members} (or a user's {@code groups}) written straight from the membership rows when the
 * answer is serialised, with the sub-attributes the projection shows. The rows are either already read or
 * streamed from the database as they are written, so that a group's size never decides the heap an answer
 * takes. (Built as a tree, each member took four nodes, a map and its {@code $ref} string, about 600 bytes of
 * heap; a group of 100,000 members took 60 MB.)
 */
final class MembershipsJson implements JsonSerializable {
    /** The sub-attributes of {@code members} and of {@code groups}, in the order they are written. */
    static final List<String> SUB_ATTRIBUTES = List.of("value", "$ref", "display", "type");

    /** Membership rows, handed over one at a time. */
    interface Rows {
        void forEach(MembershipStore.MemberSink sink) throws SQLException, IOException;

        static Rows of(List<MemberRef> read) {
            return sink -> {
                for (MemberRef m : read) sink.accept(m);
            };
        }
    }

    private final Rows rows;
    private final String baseUrl;
    private final boolean groupSide;
    private final boolean value;
    private final boolean ref;
    private final boolean display;
    private final boolean type;

    /** {@code shown}: the {@link #SUB_ATTRIBUTES} to write, at least one. */
    MembershipsJson(Rows rows, String baseUrl, boolean groupSide, List<String> shown) {
        this.rows = rows;
        this.baseUrl = baseUrl;
        this.groupSide = groupSide;
        this.value = shown.contains("value");
        this.ref = shown.contains("$ref");
        this.display = shown.contains("display");
        this.type = shown.contains("type");
    }

    @Override
    public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
        gen.writeStartArray();
        try {
            rows.forEach(m -> write(gen, m));
        } catch (SQLException e) {
            throw StoreException.from(e);
        }
        gen.writeEndArray();
    }

    private void write(JsonGenerator gen, MemberRef m) throws IOException {
        // A member with none of the shown sub-attributes is left out, as a projection leaves out an empty value.
        if (!value && !ref && !type && m.display() == null) return;
        gen.writeStartObject();
        if (value) gen.writeStringField("value", m.id());
        if (ref) gen.writeStringField("$ref", ref(baseUrl, m));
        if (display && m.display() != null) gen.writeStringField("display", m.display());
        if (type) gen.writeStringField("type", groupSide ? m.resourceType() : "direct");
        gen.writeEndObject();
    }

    @Override
    public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer) throws IOException {
        serialize(gen, serializers);
    }

    private static String ref(String baseUrl, MemberRef m) {
        return baseUrl + (m.resourceType().equals("Group") ? "/Groups/" : "/Users/") + m.id();
    }
}
