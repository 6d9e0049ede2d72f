package dev.roster.server.cli;

import dev.roster.server.config.DatabaseConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the data is, for every command that opens the database. */
final class DatabaseOptions {

    @Option(names = "--data-dir", defaultValue = "${env:ROSTER_DATA_DIR:-./roster-data}",
            description = "Folder of the SQLite database (env ROSTER_DATA_DIR; default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--database-url", defaultValue = "${env:ROSTER_DATABASE_URL}",
            description = "PostgreSQL instead of SQLite: jdbc:postgresql://host:5432/db (env ROSTER_DATABASE_URL).")
    String url;

    @Option(names = "--database-user", defaultValue = "${env:ROSTER_DATABASE_USER}",
            description = "PostgreSQL user, when not in the URL (env ROSTER_DATABASE_USER). "
                    + "The password is read from ROSTER_DATABASE_PASSWORD only, never from a flag.")
    String user;

    @Option(names = "--pool-size", defaultValue = "${env:ROSTER_POOL_SIZE:-0}",
            description = "Database connections (env ROSTER_POOL_SIZE; default 8 for SQLite, 2 per core + 1 for PostgreSQL).")
    int poolSize;

    DatabaseConfig config() {
        String password = System.getenv("ROSTER_DATABASE_PASSWORD");
        return new DatabaseConfig(dataDir, blankToNull(url), blankToNull(user), blankToNull(password), poolSize);
    }

    static String blankToNull(String s) { return s == null || s.isBlank() ? null : s; }
}
