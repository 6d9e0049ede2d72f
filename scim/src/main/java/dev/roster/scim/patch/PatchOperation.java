package dev.roster.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.scim.path.PatchPath;

/** One PATCH operation (RFC 7644 §3.5.2); {@code path} is null for a path-less add or replace. */
public record PatchOperation(Op op, PatchPath path, JsonNode value) {

    public enum Op {
        ADD, REPLACE, REMOVE;

        /** Entra sends "Add", "Replace", "Remove": op names are matched without regard to case. */
        static Op fromWire(String s) {
            for (Op op : values()) if (op.name().equalsIgnoreCase(s)) return op;
            return null;
        }
    }
}
