package dev.roster.scim.filter;

/** Attribute operators (RFC 7644 §3.4.2.2, Table 3), except {@code pr}, which has its own node. */
public enum Operator {
    EQ("eq"), NE("ne"), CO("co"), SW("sw"), EW("ew"), GT("gt"), GE("ge"), LT("lt"), LE("le");

    private final String wire;

    Operator(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    /** Operators are case-insensitive: PingOne admins write {@code username Eq "x"}. */
    public static Operator fromWire(String word) {
        for (Operator op : values()) if (op.wire.equalsIgnoreCase(word)) return op;
        return null;
    }

    public boolean isOrdering() { return this == GT || this == GE || this == LT || this == LE; }

    public boolean isSubstring() { return this == CO || this == SW || this == EW; }
}
