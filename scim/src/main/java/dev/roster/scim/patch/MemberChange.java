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
        for (MemberChange change : changes) {
            MemberChange last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last instanceof Add a && change instanceof Add b) {
                List<Member> both = new ArrayList<>(a.members());
                both.addAll(b.members());
                out.set(out.size() - 1, new Add(both));
            } else if (last instanceof Remove a && change instanceof Remove b) {
                List<String> both = new ArrayList<>(a.ids());
                both.addAll(b.ids());
                out.set(out.size() - 1, new Remove(both));
            } else {
                out.add(change);
            }
        }
        return out;
    }
}
