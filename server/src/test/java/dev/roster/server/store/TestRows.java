package dev.roster.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Row counts for the store's tests, read on the caller's connection (and so in its snapshot). */
final class TestRows {
    private TestRows() {}

    /** The rows of {@code table}, one of the schema's own table names. */
    static int count(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
