package dev.roster.server.service;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import dev.roster.server.store.MemberRef;

import java.io.IOException;
import java.util.List;

/**
 * A group's {@code members} (or a user's {@code groups}) written straight from the membership rows when the
 * answer is serialised. Built as a tree, each member took four nodes, a map and its {@code $ref} string, about
 * 600 bytes of heap on top of its row; a group of 100,000 members took 60 MB more than its rows.
 */
final class MembershipsJson implements JsonSerializable {
    private static final ObjectMapper TREES = new ObjectMapper();

    private final List<MemberRef> memberships;
    private final String baseUrl;
    private final boolean groupSide;

    MembershipsJson(List<MemberRef> memberships, String baseUrl, boolean groupSide) {
        this.memberships = memberships;
        this.baseUrl = baseUrl;
        this.groupSide = groupSide;
    }

    @Override
    public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
        gen.writeStartArray();
        for (MemberRef m : memberships) {
            gen.writeStartObject();
            gen.writeStringField("value", m.id());
            gen.writeStringField("$ref", ref(baseUrl, m));
            if (m.display() != null) gen.writeStringField("display", m.display());
            gen.writeStringField("type", groupSide ? m.resourceType() : "direct");
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    @Override
    public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer) throws IOException {
        serialize(gen, serializers);
    }

    /** The same array as nodes, for a projection that picks some of each member's sub-attributes. */
    JsonNode toTree() {
        return TREES.valueToTree(this);
    }

    private static String ref(String baseUrl, MemberRef m) {
        return baseUrl + (m.resourceType().equals("Group") ? "/Groups/" : "/Users/") + m.id();
    }
}
