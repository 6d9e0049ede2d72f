package dev.roster.server.config;

import dev.roster.server.store.Database;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where the data lives: SQLite in a folder (the default), or PostgreSQL at a JDBC URL. The password may
 * come in the URL or apart from it; it never appears in anything this class prints.
 *
 * @param dataDir  the SQLite folder (used when {@code url} is null)
 * @param url      a {@code jdbc:postgresql://…} URL, or null for SQLite
 * @param user     the PostgreSQL user, when not in the URL
 * @param password the PostgreSQL password, when not in the URL
 * @param poolSize connections; 0 picks a default for the database and machine
 */
public record DatabaseConfig(Path dataDir, String url, String user, String password, int poolSize) {
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern USERINFO_IN_URL = Pattern.compile("//[^/@]*@");

    public DatabaseConfig {
        if (url != null && !url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("the database URL must start with jdbc:postgresql:// (got " + redact(url) + ")");
        }
        if (poolSize < 0) throw new IllegalArgumentException("the pool size must be at least 1");
    }

    public static DatabaseConfig sqlite(Path dataDir) { return new DatabaseConfig(dataDir, null, null, null, 0); }

    public boolean isPostgres() { return url != null; }

    public Path sqliteFile() { return dataDir.resolve("roster.db"); }

    /** SQLite: a few connections (one writer anyway); PostgreSQL: twice the cores, plus one. */
    public int effectivePoolSize() {
        if (poolSize > 0) return poolSize;
        return isPostgres() ? Runtime.getRuntime().availableProcessors() * 2 + 1 : 8;
    }

    /** Where the database is, for messages: the URL without any password, or the SQLite file. */
    public String describe() {
        return isPostgres() ? redact(url) : sqliteFile().toAbsolutePath().toString();
    }

    public static String redact(String url) {
        String s = PASSWORD_IN_URL.matcher(url).replaceAll("$1***");
        return USERINFO_IN_URL.matcher(s).replaceAll("//***@");
    }

    /** Opens the database, migrating its schema; throws with the driver's reason when it cannot. */
    public Database open() {
        if (isPostgres()) return Database.openPostgres(url, user, password, effectivePoolSize());
        return Database.openSqlite(sqliteFile(), effectivePoolSize());
    }
}
