package dev.roster.scim.dialect;

/**
 * Microsoft's SCIM validator sends a PATCH with {@code "Operations": []} and expects success; RFC 7644
 * §3.5.2 asks for at least one operation. With this rule such a PATCH changes nothing and succeeds.
 */
final class EmptyOperations implements IdpRule {
    @Override public String name() { return "empty-operations"; }

    @Override public String description() { return "accept a PATCH with an empty Operations array as a no-op (Entra validator)"; }
}
