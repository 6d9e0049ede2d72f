package dev.roster.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.server.config.DatabaseConfig;
import dev.roster.server.directory.DirectoryService;
import dev.roster.server.store.Database;
import dev.roster.server.store.ResourceStore;
import dev.roster.server.store.StoredResource;
import dev.roster.server.store.Timestamps;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Fills a fresh Roster database for the load benchmark: N users shaped like Okta's, a group with
 * {@code bigGroup} members and one with 10, and files of their ids for the wrk scripts. Rows go in
 * directly, in large transactions, so a million users take a minute rather than an hour of POSTs.
 *
 * <p>Usage: {@code Seed <data-dir|jdbc:postgresql://…> <token> <users> <bigGroup> <out-dir>}
 */
public final class Seed {
    private Seed() {}

    public static void main(String[] args) throws Exception {
        String where = args[0];
        String token = args[1];
        int users = Integer.parseInt(args[2]);
        int bigGroup = Integer.parseInt(args[3]);
        Path out = Path.of(args[4]);
        Files.createDirectories(out);
        DatabaseConfig config = where.startsWith("jdbc:") ? new DatabaseConfig(out, where, null, System.getenv("ROSTER_DATABASE_PASSWORD"), 2)
                : DatabaseConfig.sqlite(Path.of(where));
        if (!config.isPostgres()) Files.createDirectories(config.dataDir());
        ObjectMapper mapper = new ObjectMapper();
        try (Database db = config.open()) {
            DirectoryService directories = new DirectoryService(db, Clock.systemUTC());
            directories.bootstrap(token);
            String directory = directories.authenticate(token).id();
            ResourceStore store = new ResourceStore(db.dialect(), mapper);
            String now = Timestamps.format(Clock.systemUTC().instant());
            String big = UUID.randomUUID().toString();
            String small = UUID.randomUUID().toString();
            db.write(c -> {
                store.insert(c, directory, new StoredResource(big, "Group", 1, now, now,
                        JsonNodeFactory.instance.objectNode().put("displayName", "Everyone")));
                store.insert(c, directory, new StoredResource(small, "Group", 1, now, now,
                        JsonNodeFactory.instance.objectNode().put("displayName", "Founders")));
                return null;
            });
            long start = System.nanoTime();
            try (BufferedWriter ids = Files.newBufferedWriter(out.resolve("users.txt"))) {
                // One transaction per thousand users: every insert also updates the directory's running
                // count, and PostgreSQL walks all of a transaction's versions of that row on each update, so
                // ten thousand to a transaction made seeding quadratic (about a minute per batch).
                int batch = 1_000;
                for (int from = 0; from < users; from += batch) {
                    int to = Math.min(users, from + batch);
                    List<String> written = new ArrayList<>();
                    int first = from;
                    db.write(c -> {
                        for (int i = first; i < to; i++) {
                            String id = UUID.randomUUID().toString();
                            store.insert(c, directory, new StoredResource(id, "User", 1, now, now, user(i)));
                            if (i < bigGroup) store.memberships().addMember(c, directory, big, id, "User");
                            if (i < 10) store.memberships().addMember(c, directory, small, id, "User");
                            written.add(id + " user" + i + "@bench.example");
                        }
                        return null;
                    });
                    for (String line : written) {
                        ids.write(line);
                        ids.newLine();
                    }
                    if (to % 100_000 == 0) System.err.printf("seeded %,d users%n", to);
                    // Plans made while the tables were empty (foreign-key checks included) scan instead of
                    // seeking; statistics taken once there are rows make PostgreSQL plan them again.
                    if (config.isPostgres() && (to == batch || to == 10 * batch)) analyze(db);
                }
            }
            Files.writeString(out.resolve("groups.txt"), big + " big\n" + small + " small\n");
            // As autovacuum would have by the time a real directory is this size.
            if (config.isPostgres()) analyze(db);
            System.err.printf("seeded %,d users, groups of %,d and 10 members, in %.1f s%n", users, bigGroup,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    /** A user as Okta creates one. */
    static ObjectNode user(int i) {
        ObjectNode u = JsonNodeFactory.instance.objectNode();
        u.put("userName", "user" + i + "@bench.example");
        u.putObject("name").put("givenName", "Given" + i).put("familyName", "Family" + i);
        u.putArray("emails").addObject().put("primary", true).put("value", "user" + i + "@bench.example").put("type", "work");
        u.put("displayName", "Given" + i + " Family" + i);
        u.put("locale", "en-US");
        u.put("externalId", "00u" + Integer.toString(i, 36) + "bench");
        u.put("active", true);
        u.putObject("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").put("department", "Dept" + (i % 50));
        return u;
    }

    /** Analyzes the seeded tables only (the schema the URL names): other schemas in the database are not ours. */
    private static void analyze(Database db) {
        db.write(c -> {
            try (var s = c.createStatement()) {
                s.execute("ANALYZE resources, memberships, resource_values, resource_counts");
            }
            return null;
        });
    }
}
