package dev.roster.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.filter.FilterEvaluator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Users, Groups and memberships in SQL. Every statement is scoped by directory and takes its values as
 * parameters. Methods run on the caller's connection, so the service decides the transaction.
 */
public final class ResourceStore {
    private static final String COLUMNS = "r.id, r.resource_type, r.version, r.created, r.last_modified, r.doc";

    private final Dialect dialect;
    private final ObjectMapper mapper;

    public ResourceStore(Dialect dialect, ObjectMapper mapper) {
        this.dialect = dialect;
        this.mapper = mapper;
    }

    public Dialect dialect() { return dialect; }

    public void insert(Connection c, String directory, StoredResource r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO resources (directory_id, resource_type, id, version, created, last_modified, user_name, "
                        + "user_name_ci, external_id, display_name, display_name_ci, active, doc) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, directory);
            ps.setString(2, r.resourceType());
            ps.setString(3, r.id());
            ps.setLong(4, r.version());
            ps.setString(5, r.created());
            ps.setString(6, r.lastModified());
            bindIndexed(ps, 7, r.document());
            ps.executeUpdate();
        }
    }

    public StoredResource find(Connection c, String directory, String resourceType, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM resources r WHERE r.directory_id = ? AND r.id = ? AND r.resource_type = ?")) {
            ps.setString(1, directory);
            ps.setString(2, id);
            ps.setString(3, resourceType);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }

    /** Replaces the document if the stored version is still {@code expectedVersion}; false if it moved on. */
    public boolean update(Connection c, String directory, StoredResource r, long expectedVersion) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE resources SET version = ?, last_modified = ?, user_name = ?, user_name_ci = ?, external_id = ?, "
                        + "display_name = ?, display_name_ci = ?, active = ?, doc = ? "
                        + "WHERE directory_id = ? AND id = ? AND resource_type = ? AND version = ?")) {
            ps.setLong(1, r.version());
            ps.setString(2, r.lastModified());
            bindIndexed(ps, 3, r.document());
            ps.setString(10, directory);
            ps.setString(11, r.id());
            ps.setString(12, r.resourceType());
            ps.setLong(13, expectedVersion);
            return ps.executeUpdate() == 1;
        }
    }

    /** Marks a change that is not in the document (a membership): a new version and lastModified. */
    public void touch(Connection c, String directory, String id, String now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE resources SET version = version + 1, last_modified = ? WHERE directory_id = ? AND id = ?")) {
            ps.setString(1, now);
            ps.setString(2, directory);
            ps.setString(3, id);
            ps.executeUpdate();
        }
    }

    public boolean delete(Connection c, String directory, String resourceType, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM resources WHERE directory_id = ? AND id = ? AND resource_type = ?")) {
            ps.setString(1, directory);
            ps.setString(2, id);
            ps.setString(3, resourceType);
            return ps.executeUpdate() == 1;
        }
    }

    /** One page of resources matching {@code where} (a condition on alias r, or null), in a stable order. */
    public List<StoredResource> search(Connection c, String directory, String resourceType, Sql where, int offset, int limit)
            throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM resources r WHERE r.directory_id = ? AND r.resource_type = ?"
                + (where == null ? "" : " AND " + where.text()) + " ORDER BY r.seq LIMIT ? OFFSET ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bindScope(ps, directory, resourceType, where);
            ps.setInt(i++, limit);
            ps.setInt(i, offset);
            List<StoredResource> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(row(rs));
            }
            return out;
        }
    }

    public long count(Connection c, String directory, String resourceType, Sql where) throws SQLException {
        String sql = "SELECT count(*) FROM resources r WHERE r.directory_id = ? AND r.resource_type = ?"
                + (where == null ? "" : " AND " + where.text());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindScope(ps, directory, resourceType, where);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int bindScope(PreparedStatement ps, String directory, String resourceType, Sql where) throws SQLException {
        ps.setString(1, directory);
        ps.setString(2, resourceType);
        int i = 3;
        if (where != null) for (Object p : where.params()) ps.setObject(i++, p);
        return i;
    }

    /** The resource type of each id that exists in the directory. */
    public Map<String, String> typesOf(Connection c, String directory, Collection<String> ids) throws SQLException {
        Map<String, String> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        for (List<String> chunk : chunks(ids)) {
            String sql = "SELECT id, resource_type FROM resources WHERE directory_id = ? AND id IN (" + marks(chunk.size()) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, directory);
                int i = 2;
                for (String id : chunk) ps.setString(i++, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
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

    public int removeMembers(Connection c, String directory, String groupId, Collection<String> memberIds) throws SQLException {
        int removed = 0;
        for (List<String> chunk : chunks(memberIds)) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM memberships WHERE directory_id = ? AND group_id = ? "
                    + "AND member_id IN (" + marks(chunk.size()) + ")")) {
                ps.setString(1, directory);
                ps.setString(2, groupId);
                int i = 3;
                for (String id : chunk) ps.setString(i++, id);
                removed += ps.executeUpdate();
            }
        }
        return removed;
    }

    public int removeAllMembers(Connection c, String directory, String groupId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM memberships WHERE directory_id = ? AND group_id = ?")) {
            ps.setString(1, directory);
            ps.setString(2, groupId);
            return ps.executeUpdate();
        }
    }

    /** The members of each group, in the order they were added to the directory. */
    public Map<String, List<MemberRef>> members(Connection c, String directory, Collection<String> groupIds) throws SQLException {
        return memberships(c, directory, groupIds, "group_id", "member_id");
    }

    /** The groups each resource is a direct member of. */
    public Map<String, List<MemberRef>> groupsOf(Connection c, String directory, Collection<String> memberIds) throws SQLException {
        return memberships(c, directory, memberIds, "member_id", "group_id");
    }

    private Map<String, List<MemberRef>> memberships(Connection c, String directory, Collection<String> ids,
                                                     String self, String other) throws SQLException {
        Map<String, List<MemberRef>> out = new LinkedHashMap<>();
        if (ids.isEmpty()) return out;
        for (List<String> chunk : chunks(ids)) {
            String sql = "SELECT m." + self + ", o.id, o.resource_type, COALESCE(o.display_name, o.user_name) "
                    + "FROM memberships m JOIN resources o ON o.directory_id = m.directory_id AND o.id = m." + other
                    + " WHERE m.directory_id = ? AND m." + self + " IN (" + marks(chunk.size()) + ") ORDER BY o.seq";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, directory);
                int i = 2;
                for (String id : chunk) ps.setString(i++, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(new MemberRef(rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
        }
        return out;
    }

    private static final int CHUNK = 500;

    private static List<List<String>> chunks(Collection<String> ids) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String id : ids) {
            current.add(id);
            if (current.size() == CHUNK) {
                out.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) out.add(current);
        return out;
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    /** Binds user_name, user_name_ci, external_id, display_name, display_name_ci, active, doc. */
    private void bindIndexed(PreparedStatement ps, int i, ObjectNode doc) throws SQLException {
        String userName = text(doc.get("userName"));
        String displayName = text(doc.get("displayName"));
        ps.setString(i, userName);
        ps.setString(i + 1, userName == null ? null : FilterEvaluator.fold(userName));
        ps.setString(i + 2, text(doc.get("externalId")));
        ps.setString(i + 3, displayName);
        ps.setString(i + 4, displayName == null ? null : FilterEvaluator.fold(displayName));
        JsonNode active = doc.get("active");
        if (active == null || !active.isBoolean()) ps.setNull(i + 5, Types.BOOLEAN);
        else ps.setBoolean(i + 5, active.asBoolean());
        try {
            ps.setString(i + 6, mapper.writeValueAsString(doc));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private StoredResource row(ResultSet rs) throws SQLException {
        try {
            return new StoredResource(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                    (ObjectNode) mapper.readTree(rs.getString(6)));
        } catch (JsonProcessingException e) {
            throw new SQLException("stored document is not JSON", e);
        }
    }
}
