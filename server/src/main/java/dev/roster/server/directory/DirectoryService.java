package dev.roster.server.directory;

import dev.roster.server.store.Database;
import dev.roster.server.store.Timestamps;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import dev.roster.scim.dialect.IdpDialect;

/**
 * Directories (one per IdP connection) and their bearer tokens. A token resolves to exactly one
 * directory, and every resource query is scoped by it.
 */
public final class DirectoryService {
    public static final String DEFAULT_DIRECTORY = "default";

    private final Database db;
    private final Clock clock;

    public DirectoryService(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Makes sure the default directory exists. On the first start it is created with a token: the one
     * given (ROSTER_BOOTSTRAP_TOKEN) or a new one, which is returned so it can be shown once. A given
     * token is also added to an existing default directory if it is not one of its tokens yet.
     *
     * @return the newly generated token, or null when none was generated
     */
    public String bootstrap(String givenToken) {
        return db.write(c -> {
            String directoryId = directoryId(c, DEFAULT_DIRECTORY);
            if (directoryId == null) {
                directoryId = UUID.randomUUID().toString();
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO directories (id, name, created) VALUES (?, ?, ?)")) {
                    ps.setString(1, directoryId);
                    ps.setString(2, DEFAULT_DIRECTORY);
                    ps.setString(3, now());
                    ps.executeUpdate();
                }
                String token = givenToken != null ? givenToken : Tokens.generate();
                insertToken(c, directoryId, token);
                return givenToken != null ? null : token;
            }
            if (givenToken != null && !tokenExists(c, givenToken)) insertToken(c, directoryId, givenToken);
            return null;
        });
    }

    /** A directory as a request sees it: its id and the IdP rules it accepts. */
    public record Directory(String id, IdpDialect dialect) {}

    /**
     * Recent answers, by token hash, so that a burst of requests costs one lookup. An entry lives one
     * second: a change of rules, or a revoked token, takes effect within that.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Cached> recent = new java.util.concurrent.ConcurrentHashMap<>();
    private static final long CACHE_NANOS = 1_000_000_000L;

    private record Cached(Directory directory, long until) {}

    /** The directory a bearer token belongs to, or null when the token is unknown or revoked. */
    public Directory authenticate(String token) {
        byte[] hash = Tokens.hash(token);
        String key = java.util.HexFormat.of().formatHex(hash);
        long now = System.nanoTime();
        Cached hit = recent.get(key);
        if (hit != null && hit.until() - now > 0) return hit.directory();
        Directory found = lookUp(hash);
        if (found != null) {
            if (recent.size() > 10_000) recent.clear();
            recent.put(key, new Cached(found, now + CACHE_NANOS));
        }
        return found;
    }

    private Directory lookUp(byte[] hash) {
        return db.readOne(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT t.directory_id, t.token_hash, d.disabled_rules "
                    + "FROM tokens t JOIN directories d ON d.id = t.directory_id WHERE t.token_hash = ? AND t.revoked = 0")) {
                ps.setBytes(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    // The lookup finds the row by hash; the constant-time comparison is the actual check.
                    if (!rs.next() || !MessageDigest.isEqual(hash, rs.getBytes(2))) return null;
                    return new Directory(rs.getString(1), IdpDialect.without(parseRules(rs.getString(3))));
                }
            }
        });
    }

    /** The rules switched off for the named directory. */
    public Set<String> disabledRules(String directoryName) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT disabled_rules FROM directories WHERE name = ?")) {
                ps.setString(1, directoryName);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new IllegalArgumentException("no directory named '" + directoryName + "'");
                    return parseRules(rs.getString(1));
                }
            }
        });
    }

    /** Switches the named rules off (and every other rule on) for a directory; unknown names are refused. */
    public void setDisabledRules(String directoryName, Set<String> rules) {
        IdpDialect.without(rules);
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE directories SET disabled_rules = ? WHERE name = ?")) {
                ps.setString(1, String.join(",", new TreeSet<>(rules)));
                ps.setString(2, directoryName);
                if (ps.executeUpdate() != 1) throw new IllegalArgumentException("no directory named '" + directoryName + "'");
            }
            return null;
        });
    }

    private static Set<String> parseRules(String csv) {
        Set<String> out = new TreeSet<>();
        if (csv == null) return out;
        for (String s : csv.split(",")) if (!s.isBlank()) out.add(s.trim());
        return out;
    }

    private static boolean tokenExists(Connection c, String token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM tokens WHERE token_hash = ?")) {
            ps.setBytes(1, Tokens.hash(token));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void insertToken(Connection c, String directoryId, String token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO tokens (id, directory_id, token_hash, created) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, directoryId);
            ps.setBytes(3, Tokens.hash(token));
            ps.setString(4, now());
            ps.executeUpdate();
        }
    }

    private static String directoryId(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM directories WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private String now() { return Timestamps.format(clock.instant()); }
}
