package dev.roster.server.store;

import dev.roster.scim.schema.AttributeType;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** SQLite: documents are JSON text read with the JSON1 functions. */
final class SqliteDialect implements Dialect {

    static String jsonPath(List<String> keys) {
        StringBuilder sb = new StringBuilder("'$");
        // Keys are schema attribute names (and extension URNs), never client input: quoting is for ':' and '.'.
        for (String k : keys) sb.append(".\"").append(k).append('"');
        return sb.append('\'').toString();
    }

    @Override
    public String jsonValue(String doc, List<String> keys, AttributeType type) {
        return "json_extract(" + doc + ", " + jsonPath(keys) + ")";
    }

    @Override
    public String jsonElements(String doc, List<String> keys, String alias) {
        return "json_each(" + doc + ", " + jsonPath(keys) + ") " + alias;
    }

    @Override
    public String elementValue(String alias, AttributeType type) {
        return alias + ".value";
    }

    @Override
    public String elementSubValue(String alias, String sub, AttributeType type) {
        return "json_extract(" + alias + ".value, " + jsonPath(List.of(sub)) + ")";
    }

    @Override
    public String primaryOrFirst(String doc, List<String> keys, String sub, AttributeType type) {
        String value = sub == null ? "p.value" : "json_extract(p.value, " + jsonPath(List.of(sub)) + ")";
        return "(SELECT " + value + " FROM json_each(" + doc + ", " + jsonPath(keys) + ") p "
                + "ORDER BY COALESCE(json_extract(p.value, '$.primary'), 0) DESC, CAST(p.key AS INTEGER) LIMIT 1)";
    }

    @Override
    public String fold(String expr) { return "scim_fold(" + expr + ")"; }

    @Override
    public String contains(String haystack, String needle) { return "instr(" + haystack + ", " + needle + ") > 0"; }

    @Override
    public String startsWith(String text, String prefix) {
        return "substr(" + text + ", 1, length(" + prefix + ")) = " + prefix;
    }

    @Override
    public String endsWith(String text, String suffix) {
        return "substr(" + text + ", -length(" + suffix + ")) = " + suffix;
    }

    /** Writers are serialised already (one SQLite writer). */
    @Override
    public String forUpdate() { return ""; }

    @Override
    public String forUpdateOfOtherColumns() { return ""; }

    /** SQLite plans each statement as it prepares it, without statistics: the primary key serves any group. */
    @Override
    public String planForValues() { return null; }

    /** A SQLite read transaction reads one snapshot of the WAL from its first statement to its end. */
    @Override
    public String beginMemberListing() { return null; }

    // Virtual machine instructions between two looks at the clock: a few µs of the cheapest ones, so a look costs
    // well under 1% and the limit is kept to within a millisecond.
    private static final int INSTRUCTIONS_PER_CHECK = 1_000;

    /**
     * SQLite has no statement timeout (the driver's query timeout only waits for locks), so a progress handler,
     * which SQLite calls as the statement runs, stops it at the deadline: it fails with SQLITE_INTERRUPT.
     */
    @Override
    public <T> T withTimeLimit(Connection c, PreparedStatement statement, long millis, StatementWork<T> work)
            throws SQLException {
        if (millis <= 0) return work.run();
        SQLiteConnection sqlite = c.unwrap(SQLiteConnection.class);
        long deadline = System.nanoTime() + millis * 1_000_000;
        ProgressHandler.setHandler(sqlite, INSTRUCTIONS_PER_CHECK, new ProgressHandler() {
            @Override
            protected int progress() {
                return System.nanoTime() - deadline > 0 ? 1 : 0;
            }
        });
        try {
            return work.run();
        } finally {
            ProgressHandler.clearHandler(sqlite);
        }
    }

    @Override
    public String explain() { return "EXPLAIN QUERY PLAN"; }

    /** SQLite plans without statistics here, and would walk the listing index to avoid a sort. */
    @Override
    public String indexHint(String index) { return " INDEXED BY " + index; }

    @Override
    public String jsonParameter() { return "?"; }

    @Override
    public String insertMembershipIgnoringDuplicates() {
        return "INSERT INTO memberships (directory_id, group_id, member_id, member_type) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";
    }
}
