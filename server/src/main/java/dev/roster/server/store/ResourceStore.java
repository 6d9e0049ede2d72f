package dev.roster.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.filter.FilterEvaluator;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Users and Groups in SQL; their memberships are {@link #memberships}'. Every statement is scoped by directory and
 * takes its values as parameters. Methods run on the caller's connection, so the service decides the transaction.
 */
public final class ResourceStore {
    private static final String COLUMNS = "r.id, r.resource_type, r.version, r.created, r.last_modified, r.doc";

    // Only (directory_id, id): the unique index is then the one plan, even a generic plan without statistics.
    private static final String FIND_SQL = "SELECT " + COLUMNS + " FROM resources r WHERE r.directory_id = ? AND r.id = ?";

    // Rows each running count is spread over (see addToCount).
    private static final int COUNT_SHARDS = 16;

    private final Dialect dialect;
    private final ObjectMapper mapper;
    private final Map<RowLock, String> findSql = new EnumMap<>(RowLock.class);
    private final Map<RowLock, String> findWithGroupsSql = new EnumMap<>(RowLock.class);
    private final long maxDocumentBytes;
    private final long queryTimeoutMillis;
    private final MembershipStore memberships;

    public ResourceStore(Dialect dialect, ObjectMapper mapper) {
        this(dialect, mapper, Long.MAX_VALUE, 0);
    }

    /**
     * @param maxDocumentBytes   the largest resource, as JSON, the store keeps: the server gives it its request size
     *                           limit, so that PATCHes cannot grow a resource past what a client could PUT back whole
     * @param queryTimeoutMillis how long a list's statements with a condition or a sort may run together (0: no
     *                           limit, see {@link #startListTimeLimit}); one that runs past it fails with
     *                           {@link StoreException#isTimedOut}
     */
    public ResourceStore(Dialect dialect, ObjectMapper mapper, long maxDocumentBytes, long queryTimeoutMillis) {
        this.dialect = dialect;
        this.mapper = mapper;
        this.maxDocumentBytes = maxDocumentBytes;
        this.queryTimeoutMillis = queryTimeoutMillis;
        for (RowLock lock : RowLock.values()) {
            String clause = switch (lock) {
                case NONE -> "";
                case FOR_CHANGE -> dialect.forUpdateOfOtherColumns();
                case FOR_DELETE -> dialect.forUpdate();
            };
            findSql.put(lock, FIND_SQL + clause);
            findWithGroupsSql.put(lock, FIND_WITH_GROUPS_SQL + clause);
        }
        this.memberships = new MembershipStore(dialect);
    }

    public Dialect dialect() { return dialect; }

    /** Who is in which group: the memberships of the resources this store keeps. */
    public MembershipStore memberships() { return memberships; }

    /** How long a list's statements with a condition or a sort may run together, in milliseconds; 0 for no limit. */
    public long queryTimeoutMillis() { return queryTimeoutMillis; }

    /** Starts the time one list's statements share ({@link #search}, {@link #count}): the query timeout. */
    public TimeLimit startListTimeLimit() { return TimeLimit.startingNow(queryTimeoutMillis); }

    /**
     * The longest text Roster keeps in an index: a userName, displayName or externalId, and each email
     * address. PostgreSQL refuses an index entry over 2,704 bytes; 512 characters stay under it in any script,
     * case-folded, and are far more than any IdP sends. Both databases hold to it alike.
     */
    public static final int MAX_INDEXED_LENGTH = 512;

    /** Fails with invalidValue when a value the indexes would hold is longer than {@link #MAX_INDEXED_LENGTH}. */
    public static void checkIndexedLengths(String resourceType, ObjectNode doc) {
        for (String attribute : List.of("userName", "displayName", "externalId")) {
            checkIndexedLength(attribute, text(doc.get(attribute)));
        }
        for (IndexedValues.Value v : IndexedValues.of(resourceType, doc)) checkIndexedLength(v.attribute(), v.folded());
    }

    private static void checkIndexedLength(String attribute, String value) {
        if (value != null && value.length() > MAX_INDEXED_LENGTH) {
            throw ScimException.invalidValue("'" + attribute + "' is " + value.length() + " characters long; Roster keeps at most "
                    + MAX_INDEXED_LENGTH);
        }
    }

    public void insert(Connection c, String directory, StoredResource r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO resources (directory_id, resource_type, id, version, created, last_modified, user_name, "
                        + "user_name_ci, external_id, display_name, display_name_ci, active, doc) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + dialect.jsonParameter() + ")")) {
            ps.setString(1, directory);
            ps.setString(2, r.resourceType());
            ps.setString(3, r.id());
            ps.setLong(4, r.version());
            ps.setString(5, r.created());
            ps.setString(6, r.lastModified());
            bindIndexed(ps, 7, r.document());
            ps.executeUpdate();
        }
        insertIndexedValues(c, directory, r.id(), IndexedValues.of(r.resourceType(), r.document()));
        addToCount(c, directory, r.resourceType(), 1);
    }

    /**
     * Adds to the running count of a directory's resources of one type, on one of its rows chosen at random:
     * parallel writers on PostgreSQL then rarely wait for each other's row lock. The rows are summed when read.
     */
    private static void addToCount(Connection c, String directory, String resourceType, int delta) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO resource_counts (directory_id, resource_type, shard, n) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (directory_id, resource_type, shard) DO UPDATE SET n = resource_counts.n + ?")) {
            ps.setString(1, directory);
            ps.setString(2, resourceType);
            ps.setInt(3, ThreadLocalRandom.current().nextInt(COUNT_SHARDS));
            ps.setLong(4, delta);
            ps.setLong(5, delta);
            ps.executeUpdate();
        }
    }

    /** Writes the rows of resource_values for the document's indexed multi-valued attributes. */
    private static void insertIndexedValues(Connection c, String directory, String id, List<IndexedValues.Value> values)
            throws SQLException {
        if (values.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO resource_values (directory_id, resource_id, attribute, value_ci) VALUES (?, ?, ?, ?)")) {
            for (IndexedValues.Value v : values) {
                ps.setString(1, directory);
                ps.setString(2, id);
                ps.setString(3, v.attribute());
                ps.setString(4, v.folded());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * How a read for a write locks the row it reads until the transaction ends, where the database has row locks (on
     * SQLite, its one writer waits for nothing). Writers of a group lock its row before its membership rows, so that
     * they take the rows they share in one order.
     */
    public enum RowLock {
        NONE,
        /** For a write that keeps the row: a PUT or PATCH (see {@link Dialect#forUpdateOfOtherColumns}). */
        FOR_CHANGE,
        /** For a DELETE. */
        FOR_DELETE
    }

    public StoredResource find(Connection c, String directory, String resourceType, String id) throws SQLException {
        return find(c, directory, resourceType, id, RowLock.NONE);
    }

    /** Reads a resource, its row locked as {@code lock} says. */
    public StoredResource find(Connection c, String directory, String resourceType, String id, RowLock lock)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(findSql.get(lock))) {
            ps.setString(1, directory);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                StoredResource r = row(rs);
                return r.resourceType().equals(resourceType) ? r : null;
            }
        }
    }

    /**
     * A resource with the groups it is a direct member of, in the order the groups were created; {@code groups}
     * is null when they were not read (more than {@link MembershipStore#GROUPS_IN_MEMORY}, or not asked for).
     */
    public record WithGroups(StoredResource resource, List<MemberRef> groups) {}

    // No ORDER BY: a user is in a handful of groups, and sorting them here spares SQLite a sorter per read.
    private static final String WITH_GROUPS = "SELECT " + COLUMNS + ", o.id, o.resource_type, "
            + "COALESCE(o.display_name, o.user_name), o.seq FROM resources r "
            + "LEFT JOIN memberships m ON m.directory_id = r.directory_id AND m.member_id = r.id "
            + "LEFT JOIN resources o ON o.directory_id = m.directory_id AND o.id = m.group_id WHERE ";
    // One row more than is kept tells that there are too many; a constant, so that the plan does not depend on it.
    private static final String GROUPS_LIMIT = " LIMIT " + (MembershipStore.GROUPS_IN_MEMORY + 1);
    private static final String FIND_WITH_GROUPS_SQL = WITH_GROUPS + "r.directory_id = ? AND r.id = ?" + GROUPS_LIMIT;
    private static final String USER_WITH_GROUPS_SQL = WITH_GROUPS
            + "r.directory_id = ? AND r.resource_type = 'User' AND r.user_name_ci = ?" + GROUPS_LIMIT;

    /**
     * Reads a resource and its groups in one statement, as {@link #find} then {@link MembershipStore#groupsOfWithinLimit} would: the
     * read an IdP makes most often then costs one statement rather than two (and one round trip to PostgreSQL).
     */
    public WithGroups findWithGroups(Connection c, String directory, String resourceType, String id) throws SQLException {
        return findWithGroups(c, directory, resourceType, id, RowLock.NONE);
    }

    /** As {@link #findWithGroups(Connection, String, String, String)}, the resource's row locked as {@code lock} says. */
    public WithGroups findWithGroups(Connection c, String directory, String resourceType, String id, RowLock lock)
            throws SQLException {
        WithGroups found = withGroups(c, findWithGroupsSql.get(lock), directory, id);
        return found == null || !found.resource().resourceType().equals(resourceType) ? null : found;
    }

    /** The user whose userName folds to {@code foldedUserName}, with its groups, in one statement; or null. */
    public WithGroups findUserWithGroups(Connection c, String directory, String foldedUserName) throws SQLException {
        return withGroups(c, USER_WITH_GROUPS_SQL, directory, foldedUserName);
    }

    private WithGroups withGroups(Connection c, String sql, String directory, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, directory);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                StoredResource r = row(rs);
                List<Ranked> groups = new ArrayList<>();
                do {
                    String group = rs.getString(7);
                    if (group == null) continue;
                    if (groups.size() == MembershipStore.GROUPS_IN_MEMORY) return new WithGroups(r, null);
                    groups.add(new Ranked(rs.getLong(10), new MemberRef(group, rs.getString(8), rs.getString(9))));
                } while (rs.next());
                groups.sort(Comparator.comparingLong(Ranked::seq));
                return new WithGroups(r, groups.stream().map(Ranked::group).toList());
            }
        }
    }

    /** A group with its creation rank ({@code seq}), the order groups are shown in. */
    private record Ranked(long seq, MemberRef group) {}

    /**
     * Replaces the document of {@code old} if the stored version is still old's; false if it moved on. The
     * rows of resource_values are rewritten only when the indexed values changed: most updates (a
     * deactivation, a new name) leave the emails as they were, and two statements are saved.
     */
    public boolean update(Connection c, String directory, StoredResource r, StoredResource old) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE resources SET version = ?, last_modified = ?, user_name = ?, user_name_ci = ?, external_id = ?, "
                        + "display_name = ?, display_name_ci = ?, active = ?, doc = " + dialect.jsonParameter() + " "
                        + "WHERE directory_id = ? AND id = ? AND version = ?")) {
            ps.setLong(1, r.version());
            ps.setString(2, r.lastModified());
            bindIndexed(ps, 3, r.document());
            ps.setString(10, directory);
            ps.setString(11, r.id());
            ps.setLong(12, old.version());
            if (ps.executeUpdate() != 1) return false;
        }
        List<IndexedValues.Value> values = IndexedValues.of(r.resourceType(), r.document());
        if (!values.equals(IndexedValues.of(old.resourceType(), old.document()))) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM resource_values WHERE directory_id = ? AND resource_id = ?")) {
                ps.setString(1, directory);
                ps.setString(2, r.id());
                ps.executeUpdate();
            }
            insertIndexedValues(c, directory, r.id(), values);
        }
        return true;
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
        // The caller read the resource (and its type) in this transaction; the id alone addresses it.
        // A group's membership rows go with it (ON DELETE CASCADE), found by a plan for this group.
        if (resourceType.equals("Group")) Dialect.run(c, dialect.planForValues());
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM resources WHERE directory_id = ? AND id = ?")) {
            ps.setString(1, directory);
            ps.setString(2, id);
            if (ps.executeUpdate() != 1) return false;
        }
        addToCount(c, directory, resourceType, -1);
        return true;
    }

    /**
     * One page of resources in a stable order: by the sort key (unassigned values last) if there is one,
     * then by creation. A keyset page continues after (or before) a row, so deep pages cost what the
     * first one costs. A page with a condition or a sort runs within what is left of {@code limit}.
     */
    public Page search(Connection c, String directory, String resourceType, Query q, TimeLimit limit) throws SQLException {
        List<Object> keysetParams = new ArrayList<>();
        boolean reverse = q.keyset() != null && q.keyset().before();
        try (PreparedStatement ps = c.prepareStatement(searchSql(resourceType, q, keysetParams))) {
            bindSearch(ps, directory, q, keysetParams);
            List<StoredResource> rows = new ArrayList<>();
            List<Query.Keyset> positions = new ArrayList<>();
            // Without a condition or a sort, a page walks the listing index for the rows it skips and shows, a
            // fraction of a second even past a million: no limit.
            long timeLimit = q.where() == null && q.sortKey() == null ? 0 : limit.remainingMillis();
            dialect.withTimeLimit(c, ps, timeLimit, () -> {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs));
                        positions.add(new Query.Keyset(rs.getObject(7), rs.getLong(8), false));
                    }
                }
                return null;
            });
            if (reverse) {
                java.util.Collections.reverse(rows);
                java.util.Collections.reverse(positions);
            }
            return new Page(rows, positions);
        }
    }

    /** The database's plan for the page query {@link #search} runs, one line per step. */
    public List<String> explain(Connection c, String directory, String resourceType, Query q) throws SQLException {
        List<Object> keysetParams = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(dialect.explain() + " " + searchSql(resourceType, q, keysetParams))) {
            bindSearch(ps, directory, q, keysetParams);
            List<String> lines = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int column = rs.getMetaData().getColumnCount();
                while (rs.next()) lines.add(rs.getString(column));
            }
            return lines;
        }
    }

    private String searchSql(String resourceType, Query q, List<Object> keysetParams) {
        String key = q.sortKey() == null ? "NULL" : q.sortKey();
        boolean reverse = q.keyset() != null && q.keyset().before();
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(", ").append(key).append(" AS sort_key, r.seq")
                .append(" FROM resources r").append(hint(q.where())).append(" WHERE ").append(scope(resourceType));
        if (q.where() != null) sql.append(" AND ").append(q.where().text());
        if (q.keyset() != null) sql.append(" AND ").append(keysetCondition(q, key, keysetParams));
        // The limit is a literal (an int, never client text): SQLite plans with a LIMIT's value, so a bound
        // LIMIT makes it re-prepare the statement on every run, which tripled the cost of a lookup.
        sql.append(" ORDER BY ").append(orderBy(q, key, reverse)).append(" LIMIT ").append(q.limit()).append(" OFFSET ?");
        return sql.toString();
    }

    private static void bindSearch(PreparedStatement ps, String directory, Query q, List<Object> keysetParams)
            throws SQLException {
        int i = bindScope(ps, directory, q.where());
        for (Object p : keysetParams) ps.setObject(i++, p);
        ps.setInt(i, q.offset());
    }

    private static String orderBy(Query q, String key, boolean reverse) {
        if (q.sortKey() == null) return reverse ? "r.seq DESC" : "r.seq";
        String dir = q.descending() != reverse ? "DESC" : "ASC";
        return "(" + key + " IS NULL) " + (reverse ? "DESC" : "ASC") + ", " + key + " " + dir + ", r.seq " + (reverse ? "DESC" : "ASC");
    }

    /** Rows strictly after (or before) the keyset position, in the order {@link #orderBy} gives. */
    private static String keysetCondition(Query q, String key, List<Object> params) {
        Query.Keyset k = q.keyset();
        String seq = k.before() ? "r.seq < ?" : "r.seq > ?";
        if (q.sortKey() == null) {
            params.add(k.seq());
            return seq;
        }
        if (k.sortKey() == null) {
            params.add(k.seq());
            // Unassigned keys come last: before a null row are all non-null rows and earlier null rows.
            return k.before() ? "(" + key + " IS NOT NULL OR (" + key + " IS NULL AND " + seq + "))"
                    : "(" + key + " IS NULL AND " + seq + ")";
        }
        boolean greater = q.descending() == k.before();
        params.add(k.sortKey());
        params.add(k.sortKey());
        params.add(k.seq());
        String beyond = "(" + key + (greater ? " > ?" : " < ?") + " OR (" + key + " = ? AND " + seq + "))";
        return k.before() ? "(" + key + " IS NOT NULL AND " + beyond + ")" : "(" + beyond + " OR " + key + " IS NULL)";
    }

    /**
     * How many resources match; without a condition, read from the running count, not by counting rows. With one,
     * the count runs within what is left of {@code limit}.
     */
    public long count(Connection c, String directory, String resourceType, Sql where, TimeLimit limit) throws SQLException {
        if (where == null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT sum(n) FROM resource_counts WHERE directory_id = ? AND resource_type = ?")) {
                ps.setString(1, directory);
                ps.setString(2, resourceType);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0;
                }
            }
        }
        String sql = "SELECT count(*) FROM resources r" + hint(where) + " WHERE " + scope(resourceType)
                + (where == null ? "" : " AND " + where.text());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindScope(ps, directory, where);
            return dialect.withTimeLimit(c, ps, limit.remainingMillis(), () -> {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
        }
    }

    private String hint(Sql where) {
        return where == null || where.drivingIndex() == null ? "" : dialect.indexHint(where.drivingIndex());
    }

    /**
     * The rows a list may see: the directory as a parameter, the resource type as a literal. A bound type
     * made SQLite re-prepare the statement on every run (its value decides whether the Groups-only partial
     * index applies), which doubled a lookup's cost. Type names come from the schema, never from a client.
     */
    private static String scope(String resourceType) {
        for (int k = 0; k < resourceType.length(); k++) {
            char ch = resourceType.charAt(k);
            if (!(ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z')) {
                throw new IllegalArgumentException("not a resource type name: " + resourceType);
            }
        }
        return "r.directory_id = ? AND r.resource_type = '" + resourceType + "'";
    }

    private static int bindScope(PreparedStatement ps, String directory, Sql where) throws SQLException {
        ps.setString(1, directory);
        int i = 2;
        if (where != null) for (Object p : where.params()) ps.setObject(i++, p);
        return i;
    }

    /** The resource type of each id that exists in the directory. */
    public Map<String, String> typesOf(Connection c, String directory, Collection<String> ids) throws SQLException {
        Map<String, String> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        for (List<String> chunk : InLists.chunks(ids)) {
            String sql = "SELECT id, resource_type FROM resources WHERE directory_id = ? AND id IN (" + InLists.marks(chunk.size()) + ")";
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
        String json;
        try {
            json = mapper.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        checkDocumentSize(json);
        ps.setString(i + 6, json);
    }

    private void checkDocumentSize(String json) {
        // A char is at most three bytes of UTF-8 (a surrogate pair, two chars, is four): most documents need no count.
        if ((long) json.length() * 3 <= maxDocumentBytes) return;
        long bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > maxDocumentBytes) {
            throw ScimException.invalidValue("the resource would be " + bytes + " bytes of JSON; Roster keeps none larger than a request may be ("
                    + maxDocumentBytes + " bytes)");
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    /**
     * The document is parsed from the column's UTF-8 bytes (both drivers hand over the JSON text so), not from a
     * String: no String is made of it, and Jackson's byte parser is the faster one.
     */
    private StoredResource row(ResultSet rs) throws SQLException {
        try {
            return new StoredResource(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                    (ObjectNode) mapper.readTree(rs.getBytes(6)));
        } catch (IOException e) {
            throw new SQLException("stored document is not JSON", e);
        }
    }
}
