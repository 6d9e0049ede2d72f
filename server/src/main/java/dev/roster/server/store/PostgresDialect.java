package dev.roster.server.store;

import dev.roster.scim.filter.FilterEvaluator;
import dev.roster.scim.schema.AttributeType;
import org.postgresql.jdbc.PgStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * PostgreSQL: documents are jsonb. Text read from a document is COLLATE "C", so comparisons and
 * sorting follow code point order as in SQLite and the evaluator. Kept to what PostgreSQL-compatible
 * distributed engines also run (jsonb operators, ON CONFLICT, no extensions).
 */
final class PostgresDialect implements Dialect {
    private static final Logger log = LoggerFactory.getLogger(PostgresDialect.class);

    /** Collations whose lower() folds beyond ASCII, the closest to {@link FilterEvaluator#fold} first. */
    private static final List<String> FOLDING_COLLATIONS = List.of("und-x-icu", "C.utf8");

    /** The collation {@link #fold} lowers text under, or null when lower() folds ASCII letters only. */
    private final String foldCollation;
    /**
     * Whether the database has plan_cache_mode (PostgreSQL 12 on), which {@link #SESSION_SETUP} sets and
     * {@link #planForValues} lifts; without it PostgreSQL chooses per statement, and there is nothing to lift.
     */
    private final boolean planCacheMode;

    PostgresDialect(String foldCollation, boolean planCacheMode) {
        this.foldCollation = foldCollation;
        this.planCacheMode = planCacheMode;
    }

    /**
     * The dialect for this database. Text is compared under COLLATE "C", whose lower() folds ASCII letters
     * only, while the evaluator and SQLite fold all of Unicode ('É' is 'é'). So text is folded under ICU's
     * root locale where the server has ICU (the evaluator's very folding, 'İ' and a final sigma included),
     * else under C.UTF-8 (a character at a time), else, with a warning, ASCII only.
     */
    static PostgresDialect forDatabase(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            boolean planCacheMode = hasSetting(c, "plan_cache_mode");
            for (String collation : FOLDING_COLLATIONS) {
                if ("éω".equals(lower(c, "ÉΩ", collation))) return new PostgresDialect(collation, planCacheMode);
            }
            log.warn("PostgreSQL has neither an ICU nor a C.UTF-8 collation: filters and sorting on attributes without "
                    + "an index of their own ignore the case of ASCII letters only");
            return new PostgresDialect(null, planCacheMode);
        } catch (SQLException e) {
            throw StoreException.from(e);
        }
    }

    private static boolean hasSetting(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_settings WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** {@code text} lowered under {@code collation}, or null where the collation does not exist here. */
    private static String lower(Connection c, String text, String collation) {
        // The pool's connections commit each statement: a failed one leaves the connection usable.
        try (PreparedStatement ps = c.prepareStatement("SELECT lower(? COLLATE \"" + collation + "\")")) {
            ps.setString(1, text);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            return null;
        }
    }

    /**
     * Run on each new connection. PostgreSQL plans a prepared statement for its values (a custom plan) until
     * a plan for any value looks as cheap; for the reads of a small directory it never did, and each read
     * was planned again (330 µs of PostgreSQL's CPU a user read at 10,000 users, 130 with one plan). The values
     * that do change a plan (resource type, page size) are written into the SQL, so one plan serves. Where
     * the setting does not exist (before PostgreSQL 12), nothing is set.
     */
    static final String SESSION_SETUP = "SELECT set_config('plan_cache_mode', 'force_generic_plan', false) "
            + "WHERE EXISTS (SELECT 1 FROM pg_settings WHERE name = 'plan_cache_mode')";

    /** A text[] literal for #> and #>>; keys are schema names and URNs, quoted for their ':' and '.'. */
    static String pathArray(List<String> keys) {
        StringBuilder sb = new StringBuilder("'{");
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append('"').append(keys.get(i)).append('"');
        }
        return sb.append("}'").toString();
    }

    private static String typed(String jsonb, String text, AttributeType type) {
        return switch (type) {
            case BOOLEAN -> "(" + jsonb + ")::boolean";
            case INTEGER, DECIMAL -> "(" + jsonb + ")::numeric";
            default -> "(" + text + ") COLLATE \"C\"";
        };
    }

    @Override
    public String jsonValue(String doc, List<String> keys, AttributeType type) {
        String path = pathArray(keys);
        return typed(doc + " #> " + path, doc + " #>> " + path, type);
    }

    @Override
    public String jsonElements(String doc, List<String> keys, String alias) {
        return "jsonb_array_elements(" + doc + " #> " + pathArray(keys) + ") " + alias;
    }

    @Override
    public String elementValue(String alias, AttributeType type) {
        return typed(alias + ".value", alias + ".value #>> '{}'", type);
    }

    @Override
    public String elementSubValue(String alias, String sub, AttributeType type) {
        return typed(alias + ".value -> '" + sub + "'", alias + ".value ->> '" + sub + "'", type);
    }

    @Override
    public String primaryOrFirst(String doc, List<String> keys, String sub, AttributeType type) {
        String value = sub == null ? elementValue("p", type) : elementSubValue("p", sub, type);
        return "(SELECT " + value + " FROM jsonb_array_elements(" + doc + " #> " + pathArray(keys) + ") WITH ORDINALITY AS p(value, ord) "
                + "ORDER BY COALESCE((p.value ->> 'primary')::boolean, false) DESC, p.ord LIMIT 1)";
    }

    @Override
    public String fold(String expr) {
        if (foldCollation == null) return "lower(" + expr + ")";
        // Lowered under the folding collation, then compared and sorted in code point order again.
        return "lower((" + expr + ") COLLATE \"" + foldCollation + "\") COLLATE \"C\"";
    }

    @Override
    public String contains(String haystack, String needle) { return "strpos(" + haystack + ", " + needle + ") > 0"; }

    @Override
    public String startsWith(String text, String prefix) {
        return "left(" + text + ", length(" + prefix + ")) = " + prefix;
    }

    @Override
    public String endsWith(String text, String suffix) {
        return "right(" + text + ", length(" + suffix + ")) = " + suffix;
    }

    @Override
    public String forUpdate() { return " FOR UPDATE OF r"; }

    @Override
    public String forUpdateOfOtherColumns() { return " FOR NO KEY UPDATE OF r"; }

    @Override
    public String planForValues() { return planCacheMode ? "SET LOCAL plan_cache_mode = force_custom_plan" : null; }

    // A read-only REPEATABLE READ transaction never fails to serialise; it only reads one snapshot. One round trip.
    @Override
    public String beginMemberListing() {
        String snapshot = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
        return planCacheMode ? snapshot + "; " + planForValues() : snapshot;
    }

    /**
     * The driver's query timeout, in milliseconds: it asks the server to cancel the statement at the deadline,
     * which then fails with query_canceled. No round trip when the statement finishes in time. A statement stopped
     * before that deadline was stopped by the database's own limits (statement_timeout), not the list's.
     */
    @Override
    public <T> T withTimeLimit(Connection c, PreparedStatement statement, long millis, StatementWork<T> work)
            throws SQLException {
        if (millis <= 0) return work.run();
        statement.unwrap(PgStatement.class).setQueryTimeoutMs(millis);
        long started = System.nanoTime();
        try {
            return work.run();
        } catch (SQLException e) {
            if ("57014".equals(e.getSQLState()) && System.nanoTime() - started >= millis * 1_000_000) {
                throw StoreException.timedOut(String.valueOf(e.getMessage()), e);
            }
            throw e;
        }
    }

    @Override
    public String explain() { return "EXPLAIN"; }

    /** PostgreSQL plans from statistics: no hints. */
    @Override
    public String indexHint(String index) { return ""; }

    @Override
    public String jsonParameter() { return "?::jsonb"; }

    @Override
    public String insertMembershipIgnoringDuplicates() {
        return "INSERT INTO memberships (directory_id, group_id, member_id, member_type) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";
    }
}
