package dev.roster.server.store;

/**
 * One side of a membership row, seen from the other: for a group, a member; for a user, a group.
 * {@code display} is the other resource's displayName (or userName when it has none).
 */
public record MemberRef(String id, String resourceType, String display) {}
