package dev.roster.scim.schema;

/** RFC 7643 §7 "uniqueness". */
public enum Uniqueness {
    NONE("none"), SERVER("server"), GLOBAL("global");

    private final String wire;

    Uniqueness(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public static Uniqueness fromWire(String s) {
        for (Uniqueness u : values()) if (u.wire.equalsIgnoreCase(s)) return u;
        throw new IllegalArgumentException("unknown uniqueness " + s);
    }
}
