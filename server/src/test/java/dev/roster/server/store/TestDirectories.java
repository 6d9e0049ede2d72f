package dev.roster.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A directory row for the store's tests, which work below the service that makes directories. */
final class TestDirectories {
    private TestDirectories() {}

    static void insert(Connection c, String id, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO directories (id, name, created) VALUES (?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, name);
            ps.setString(3, "2026-01-01T00:00:00.000Z");
            ps.executeUpdate();
        }
    }
}
