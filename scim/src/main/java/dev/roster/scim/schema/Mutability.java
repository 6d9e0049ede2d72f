package dev.roster.scim.schema;

/** RFC 7643 §7 "mutability". */
public enum Mutability {
    READ_ONLY("readOnly"), READ_WRITE("readWrite"), IMMUTABLE("immutable"), WRITE_ONLY("writeOnly");

    private final String wire;

    Mutability(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public static Mutability fromWire(String s) {
        for (Mutability m : values()) if (m.wire.equalsIgnoreCase(s)) return m;
        throw new IllegalArgumentException("unknown mutability " + s);
    }
}
