package dev.roster.scim.schema;

import java.util.Locale;

/** RFC 7643 §2.3 data types. */
public enum AttributeType {
    STRING("string"), BOOLEAN("boolean"), DECIMAL("decimal"), INTEGER("integer"),
    DATE_TIME("dateTime"), BINARY("binary"), REFERENCE("reference"), COMPLEX("complex");

    private final String wire;

    AttributeType(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    /** Strings, references and binaries compare as text; the RFC's caseExact applies to them. */
    public boolean isText() { return this == STRING || this == REFERENCE || this == BINARY; }

    public static AttributeType fromWire(String s) {
        for (AttributeType t : values()) if (t.wire.equalsIgnoreCase(s)) return t;
        throw new IllegalArgumentException("unknown attribute type " + s);
    }

    @Override public String toString() { return wire.toLowerCase(Locale.ROOT); }
}
