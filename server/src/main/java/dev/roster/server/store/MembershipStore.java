package dev.roster.server.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Group memberships in SQL: one row per direct member of a group, read from either side (a group's members, a
 * resource's groups). As {@link ResourceStore}'s, every statement is scoped by directory, takes its values as
 * parameters and runs on the caller's connection.
 */
public final class MembershipStore {
    /**
     * The most groups a read takes into memory for the users it answers. Beyond that, their groups are left for
     * the answer to stream ({@link #streamGroups}): a user may be in any number of groups, a page holds 100 users,
     * and at about 200 bytes a group, what a read holds must not depend on either.
     */
    public static final int GROUPS_IN_MEMORY = 20_000;

    private final Dialect dialect;

    MembershipStore(Dialect dialect) {
        this.dialect = dialect;
    }

    /** Inserts one membership row unless it is there; true if a row was written. */
    public boolean addMember(Connection c, String directory, String groupId, String memberId, String memberType)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect.insertMembershipIgnoringDuplicates())) {
            ps.setString(1, directory);
            ps.setString(2, groupId);
            ps.setString(3, memberId);
            ps.setString(4, memberType);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Inserts a row for each member (id to its resource type) that is not there yet; true if any was written.
     * Rows are written, and {@link #removeMembers} deletes them, in member id order rather than the request's: two
     * writes naming some of the same members of one group then lock those rows in the same order. In the request's
     * order they deadlocked on PostgreSQL, each waiting for a row the other had inserted or deleted (Entra sends
     * several members a PATCH, in parallel).
     */
    public boolean addMembers(Connection c, String directory, String groupId, Map<String, String> typesById)
            throws SQLException {
        boolean written = false;
        for (Map.Entry<String, String> member : new TreeMap<>(typesById).entrySet()) {
            written |= addMember(c, directory, groupId, member.getKey(), member.getValue());
        }
        return written;
    }

    /** Deletes the rows in member id order (see {@link #addMembers}). */
    public int removeMembers(Connection c, String directory, String groupId, Collection<String> memberIds) throws SQLException {
        int removed = 0;
        for (List<String> chunk : InLists.chunks(new TreeSet<>(memberIds))) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM memberships WHERE directory_id = ? AND group_id = ? "
                    + "AND member_id IN (" + InLists.marks(chunk.size()) + ")")) {
                ps.setString(1, directory);
                ps.setString(2, groupId);
                int i = 3;
                for (String id : chunk) ps.setString(i++, id);
                removed += ps.executeUpdate();
            }
        }
        return removed;
    }

    /**
     * Makes a group's members exactly {@code typesById} (id to resource type): deletes the rows of the members it does
     * not name and inserts those of the new ones, each in member id order (see {@link #addMembers}), and leaves the
     * rows of the members kept alone. Okta's group push sends the whole list for every change to a group: rewriting
     * each kept member's row cost a delete and an insert, with its foreign key check, per member. True if any row was
     * written or deleted.
     */
    public boolean replaceMembers(Connection c, String directory, String groupId, Map<String, String> typesById)
            throws SQLException {
        if (typesById.isEmpty()) return removeAllMembers(c, directory, groupId) > 0;
        planForValues(c);
        Map<String, String> added = new HashMap<>(typesById);
        List<String> gone = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT member_id FROM memberships WHERE directory_id = ? AND group_id = ?")) {
            ps.setFetchSize(STREAM_FETCH_SIZE);
            ps.setString(1, directory);
            ps.setString(2, groupId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String member = rs.getString(1);
                    if (added.remove(member) == null) gone.add(member);
                }
            }
        }
        boolean removed = !gone.isEmpty() && removeMembers(c, directory, groupId, gone) > 0;
        return addMembers(c, directory, groupId, added) || removed;
    }

    static final String REMOVE_ALL_MEMBERS_SQL = "DELETE FROM memberships WHERE directory_id = ? AND group_id = ?";

    private int removeAllMembers(Connection c, String directory, String groupId) throws SQLException {
        planForValues(c);
        try (PreparedStatement ps = c.prepareStatement(REMOVE_ALL_MEMBERS_SQL)) {
            ps.setString(1, directory);
            ps.setString(2, groupId);
            return ps.executeUpdate();
        }
    }

    /**
     * Hands a group's members to {@code sink} inside a write, as {@link #streamMembers} does, the rest of the
     * transaction planned for its values (a write's transaction is not begun as a member listing is).
     */
    public void forEachMember(Connection c, String directory, String groupId, MemberSink sink) throws SQLException, IOException {
        planForValues(c);
        streamMembers(c, directory, groupId, sink);
    }

    /** Plans the rest of the transaction's statements for their values (see {@link Dialect#planForValues}). */
    private void planForValues(Connection c) throws SQLException {
        Dialect.run(c, dialect.planForValues());
    }

    /** The ids of the groups a resource is a direct member of, in id order (read from the index, no group row). */
    public List<String> groupIdsOf(Connection c, String directory, String memberId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT group_id FROM memberships WHERE directory_id = ? AND member_id = ? "
                + "ORDER BY group_id")) {
            ps.setString(1, directory);
            ps.setString(2, memberId);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getString(1));
            }
            return ids;
        }
    }

    /**
     * The groups each resource is a direct member of, in the order the groups were created; or null when the
     * resources are in more than {@link #GROUPS_IN_MEMORY} groups together. In a transaction, PostgreSQL sends the
     * rows through a cursor, so that no more than that are read either.
     */
    public Map<String, List<MemberRef>> groupsOfWithinLimit(Connection c, String directory, Collection<String> memberIds)
            throws SQLException {
        Map<String, List<MemberRef>> out = new LinkedHashMap<>();
        int read = 0;
        for (List<String> chunk : InLists.chunks(memberIds)) {
            try (PreparedStatement ps = c.prepareStatement(membershipsSql("member_id", "group_id", chunk.size()))) {
                ps.setFetchSize(STREAM_FETCH_SIZE);
                ps.setString(1, directory);
                int i = 2;
                for (String id : chunk) ps.setString(i++, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (read++ == GROUPS_IN_MEMORY) return null;
                        out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(memberRef(rs));
                    }
                }
            }
        }
        return out;
    }

    /** Receives a group's members one at a time, as the database returns them. */
    public interface MemberSink {
        void accept(MemberRef member) throws IOException;
    }

    // Rows PostgreSQL sends per round trip of a member stream's cursor.
    private static final int STREAM_FETCH_SIZE = 1_000;

    /**
     * Hands the members of one group to {@code sink} in the order they were added to the directory, without holding them:
     * a group of millions of members streams into the response. PostgreSQL sends them through a cursor, which
     * needs the caller's transaction ({@code autoCommit} off; begun with {@link Dialect#beginMemberListing}, it also
     * plans the statement for this group); SQLite steps through them row by row anyway.
     */
    public void streamMembers(Connection c, String directory, String groupId, MemberSink sink) throws SQLException, IOException {
        stream(c, membershipsSql("group_id", "member_id", 1), directory, groupId, sink);
    }

    /** Hands the groups of one resource to {@code sink} in the order {@link #groupsOfWithinLimit} gives, as {@link #streamMembers} does. */
    public void streamGroups(Connection c, String directory, String memberId, MemberSink sink) throws SQLException, IOException {
        stream(c, membershipsSql("member_id", "group_id", 1), directory, memberId, sink);
    }

    private void stream(Connection c, String sql, String directory, String id, MemberSink sink) throws SQLException, IOException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(STREAM_FETCH_SIZE);
            ps.setString(1, directory);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) sink.accept(memberRef(rs));
            }
        }
    }

    static String membershipsSql(String self, String other, int ids) {
        return "SELECT m." + self + ", o.id, o.resource_type, COALESCE(o.display_name, o.user_name) "
                + "FROM memberships m JOIN resources o ON o.directory_id = m.directory_id AND o.id = m." + other
                + " WHERE m.directory_id = ? AND m." + self + " IN (" + InLists.marks(ids) + ") ORDER BY o.seq";
    }

    private static MemberRef memberRef(ResultSet rs) throws SQLException {
        return new MemberRef(rs.getString(2), resourceType(rs.getString(3)), rs.getString(4));
    }

    /** The shared constant for a resource type read from a row: a group's 100,000 members need not hold 100,000 copies. */
    private static String resourceType(String read) {
        return switch (read) {
            case "User" -> "User";
            case "Group" -> "Group";
            default -> read;
        };
    }
}
