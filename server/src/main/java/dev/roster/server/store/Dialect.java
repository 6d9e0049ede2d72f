package dev.roster.server.store;

import dev.roster.scim.schema.AttributeType;

import java.util.List;

/**
 * What differs between the SQL databases Roster runs on. The filter compiler and the store speak
 * through this, so a new database is a new implementation of this interface, not a new compiler.
 */
public interface Dialect {

    /** The value at {@code keys} inside the JSON document {@code doc}, as an SQL value of {@code type}. */
    String jsonValue(String doc, List<String> keys, AttributeType type);

    /** A FROM item that yields one row per element of the JSON array at {@code keys}, named {@code alias}. */
    String jsonElements(String doc, List<String> keys, String alias);

    /** The element itself (a multi-valued simple attribute), as an SQL value of {@code type}. */
    String elementValue(String alias, AttributeType type);

    /** Sub-attribute {@code sub} of the element, as an SQL value of {@code type}. */
    String elementSubValue(String alias, String sub, AttributeType type);

    /**
     * The {@code sub} value (or the element itself when {@code sub} is null) of the array element at
     * {@code keys} whose "primary" is true, else of its first element.
     */
    String primaryOrFirst(String doc, List<String> keys, String sub, AttributeType type);

    /** The same case folding as {@link dev.roster.scim.filter.FilterEvaluator#fold(String)}. */
    String fold(String expr);

    /** True when {@code needle} occurs in {@code haystack}. */
    String contains(String haystack, String needle);

    /** True when {@code text} starts with {@code prefix}; {@code prefix} is bound twice. */
    String startsWith(String text, String prefix);

    /** True when {@code text} ends with {@code suffix}; {@code suffix} is bound twice. */
    String endsWith(String text, String suffix);

    /**
     * What ends a SELECT of one row that the transaction will delete: it makes concurrent writers of the row wait
     * their turn, and rows about to refer to it (their foreign key checks) too. It locks the row of the table
     * aliased {@code r}; tables the SELECT joins are only read.
     */
    String forUpdate();

    /**
     * What ends a SELECT of one row that the transaction will update without changing its keys, as {@link #forUpdate}
     * does but letting rows that refer to it be inserted meanwhile (their foreign key checks take a lock this one
     * allows): a user being changed may still be added to groups meanwhile.
     */
    String forUpdateOfOtherColumns();

    /**
     * What makes the rest of a transaction plan each statement for the values it is given, or null. PostgreSQL
     * keeps one plan per statement on the pool's connections, made for an average value; for the statements
     * that name a group, in a directory of a few large groups, that plan read every membership row of the
     * directory: 100 ms to list or remove the members of a group of ten.
     */
    String planForValues();

    /**
     * What begins a read transaction that lists group members, or null: on PostgreSQL, one snapshot for all its
     * statements (READ COMMITTED takes one per statement, so a group's version and the members streamed after it
     * could come from different commits), and {@link #planForValues}.
     */
    String beginMemberListing();

    /** Runs one of the statements above on {@code c}; null runs nothing. */
    static void run(java.sql.Connection c, String statement) throws java.sql.SQLException {
        if (statement == null) return;
        try (java.sql.Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** Work on a statement: executing it and reading its rows. */
    interface StatementWork<T> {
        T run() throws java.sql.SQLException;
    }

    /**
     * Runs {@code work}, which executes {@code statement} and reads its rows, and stops the statement once it has
     * run for {@code millis}: it then fails with an exception that {@link StoreException#isTimedOut} tells. The
     * rows must be read within the limit too. 0 sets no limit.
     */
    <T> T withTimeLimit(java.sql.Connection c, java.sql.PreparedStatement statement, long millis, StatementWork<T> work)
            throws java.sql.SQLException;

    /** The statement prefix that asks for a query plan instead of results. */
    String explain();

    /** What follows "FROM resources r" to make the query start from {@code index}; "" where the planner knows best. */
    String indexHint(String index);

    /** The placeholder for a JSON document parameter bound as text. */
    String jsonParameter();

    /** Insert a membership row unless it exists: parameters directory, group, member, member type. */
    String insertMembershipIgnoringDuplicates();
}
