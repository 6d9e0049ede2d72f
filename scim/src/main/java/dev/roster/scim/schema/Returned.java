package dev.roster.scim.schema;

/** RFC 7643 §7 "returned". */
public enum Returned {
    ALWAYS("always"), NEVER("never"), DEFAULT("default"), REQUEST("request");

    private final String wire;

    Returned(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public static Returned fromWire(String s) {
        for (Returned r : values()) if (r.wire.equalsIgnoreCase(s)) return r;
        throw new IllegalArgumentException("unknown returned " + s);
    }
}
