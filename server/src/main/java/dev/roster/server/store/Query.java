package dev.roster.server.store;

/**
 * One page of a listing: the filter condition, the order, and where the page starts.
 *
 * @param where      a condition on alias r, or null for all
 * @param sortKey    the expression to order by (see {@link SqlFilterCompiler#sortKey}), or null for creation order
 * @param descending the order of {@code sortKey}
 * @param keyset     for cursor pages: the row to continue after (or before); null for index pages
 * @param offset     rows to skip (index pages)
 * @param limit      rows to return
 */
public record Query(Sql where, String sortKey, boolean descending, Keyset keyset, int offset, int limit) {

    /**
     * A position in the order: the sort key and creation sequence of a row. {@code before} asks for the
     * rows ahead of it (a previous page) instead of after it.
     */
    public record Keyset(Object sortKey, long seq, boolean before) {}
}
