package dev.roster.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.scim.path.PatchPath;

/** One PATCH operation (RFC 7644 §3.5.2); {@code path} is null for a path-less add or replace. */
public record PatchOperation(Op op, PatchPath path, JsonNode value) {

    public enum Op {
        ADD, REPLACE, REMOVE;

        /** RFC 7644 spells them "add", "replace", "remove" (Entra's "Replace" is a dialect rule). */
        static Op fromWire(String s) {
            for (Op op : values()) if (op.wire().equals(s)) return op;
            return null;
        }

        public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }
    }
}
