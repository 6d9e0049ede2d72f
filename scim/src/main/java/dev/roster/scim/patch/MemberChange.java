package dev.roster.scim.patch;

import dev.roster.scim.filter.Filter;

import java.util.ArrayList;
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

    /**
     * The same changes with each run of adds, and each run of removals by id, made one: such changes commute, and
     * one change lets the server write its rows in an order of its choosing (a removal by value array arrives as one
     * removal per member, and several operations may each add some).
     */
    static List<MemberChange> coalesced(List<MemberChange> changes) {
        List<MemberChange> out = new ArrayList<>();
        List<Member> adding = null; // the members of the run of adds being merged, if the last change is one
        List<String> removing = null;
        for (MemberChange change : changes) {
            if (change instanceof Add add && adding != null) {
                adding.addAll(add.members());
            } else if (change instanceof Remove remove && removing != null) {
                removing.addAll(remove.ids());
            } else {
                adding = change instanceof Add add ? new ArrayList<>(add.members()) : null;
                removing = change instanceof Remove remove ? new ArrayList<>(remove.ids()) : null;
                out.add(adding != null ? new Add(adding) : removing != null ? new Remove(removing) : change);
            }
        }
        return out;
    }
}
