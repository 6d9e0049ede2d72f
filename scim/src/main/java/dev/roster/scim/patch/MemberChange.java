package dev.roster.scim.patch;

import dev.roster.scim.filter.Filter;

import java.util.List;

/**
 * A change to a group's members, as a set operation: the server applies it to its membership rows
 * one by one, so two changes to one group never overwrite each other.
 */
public sealed interface MemberChange {
    /** A member reference: the member's id and, when the client said, its type ("User" or "Group"). */
    record Member(String value, String type) {}

    /** Insert each member that is not there yet. */
    record Add(List<Member> members) implements MemberChange {}

    /** Delete the members with these ids. */
    record Remove(List<String> ids) implements MemberChange {}

    /** Delete the members that match a value filter other than plain {@code value eq} terms. */
    record RemoveMatching(Filter filter) implements MemberChange {}

    /** Make the member list exactly this (empty: no members). */
    record Replace(List<Member> members) implements MemberChange {}
}
