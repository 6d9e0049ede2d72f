package dev.roster.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.server.cli.Main;
import dev.roster.server.config.DatabaseConfig;
import dev.roster.server.config.ServerConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What production on PostgreSQL adds: several instances on one database, outages, start-up errors. */
class PostgresTest {

    @BeforeEach
    void onlyOnPostgres(TestInfo info) {
        assumeTrue(TestDatabase.isPostgres(), "runs in the PostgreSQL half of the suite");
    }


    @Test
    void twoInstancesOnOneDatabaseAgree() throws Exception {
        try (TestServer first = TestServer.start(); Roster second = first.startAnotherInstance()) {
            ScimClient a = first.client();
            ScimClient b = new ScimClient(second.port(), TestServer.TOKEN);

            List<Callable<Integer>> creates = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ScimClient via = i % 2 == 0 ? a : b;
                creates.add(() -> via.post("/Users", "{'userName':'Both.Instances@example.com'}").status());
            }
            List<Integer> statuses = Parallel.run(creates);
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 409).hasSize(39);

            String group = a.post("/Groups", "{'displayName':'Shared'}").json().get("id").asText();
            List<String> users = new ArrayList<>();
            for (int i = 0; i < 40; i++) users.add(b.post("/Users", "{'userName':'shared" + i + "@example.com'}").json().get("id").asText());
            List<Callable<Integer>> adds = new ArrayList<>();
            for (int i = 0; i < users.size(); i++) {
                ScimClient via = i % 2 == 0 ? a : b;
                String u = users.get(i);
                adds.add(() -> via.patch("/Groups/" + group, "{'Operations':[{'op':'add','path':'members','value':[{'value':'" + u + "'}]}]}")
                        .status());
            }
            assertThat(Parallel.run(adds)).containsOnly(204);
            JsonNode viaA = a.get("/Groups/" + group).json();
            JsonNode viaB = b.get("/Groups/" + group).json();
            assertThat(viaA.get("members")).hasSize(40);
            assertThat(viaA.at("/meta/version")).isEqualTo(viaB.at("/meta/version"));
            assertThat(viaA.at("/meta/version").asText()).isEqualTo("W/\"41\"");

            // An ETag from one instance is honoured by the other.
            String etag = a.get("/Groups/" + group).header("ETag");
            assertThat(b.get("/Groups/" + group, "If-None-Match", etag).status()).isEqualTo(304);
        }
    }

    /**
     * A member's DELETE that waits for a group's writer holds no lock that writer needs. The writer here is another
     * instance's PUT of the group, by hand: the group's row locked first, then the member's row in it taken out and
     * written again, whose foreign key check waits for any lock on the member. With the member's row locked
     * before its groups, the two deadlocked.
     */
    @Test
    void aMembersDeleteWaitingForItsGroupHoldsNoLockTheGroupsWriterNeeds() throws Exception {
        try (TestServer server = TestServer.start();
             Connection writer = DriverManager.getConnection(server.database().url())) {
            ScimClient scim = server.client();
            String user = scim.post("/Users", "{'userName':'waits@example.com'}").json().get("id").asText();
            String group = scim.post("/Groups", "{'displayName':'Written','members':[{'value':'" + user + "'}]}").json().get("id").asText();
            long deadlocksBefore = TestDatabase.deadlocks(server.database());

            writer.setAutoCommit(false);
            run(writer, "SELECT 1 FROM resources WHERE id = ? FOR NO KEY UPDATE", group);
            run(writer, "DELETE FROM memberships WHERE group_id = ? AND member_id = ?", group, user);
            CompletableFuture<Integer> delete = CompletableFuture.supplyAsync(() -> scim.delete("/Users/" + user).status());
            awaitVersionUpdateWaitingForALock(server.database());
            run(writer, "INSERT INTO memberships (directory_id, group_id, member_id, member_type) "
                    + "SELECT directory_id, ?, id, 'User' FROM resources WHERE id = ?", group, user);
            writer.commit();

            assertThat(delete.get(30, TimeUnit.SECONDS)).isEqualTo(204);
            assertThat(TestDatabase.deadlocks(server.database())).as("deadlocks PostgreSQL detected").isEqualTo(deadlocksBefore);
            assertThat(scim.get("/Groups/" + group).json().path("members")).isEmpty();
        }
    }

    private static void run(Connection c, String sql, String... params) throws Exception {
        try (var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setString(i + 1, params[i]);
            ps.execute();
        }
    }

    /** Waits until one of the server's statements that move a resource's version waits for a lock. */
    private static void awaitVersionUpdateWaitingForALock(DatabaseConfig db) throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            if (TestDatabase.queryLong(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND wait_event_type = 'Lock' AND query LIKE 'UPDATE resources SET version%'") > 0) return;
            Thread.sleep(50);
        }
        throw new AssertionError("no update of a version came to wait for a lock");
    }

    @Test
    void instancesStartingTogetherMigrateOnce() throws Exception {
        DatabaseConfig db = TestDatabase.fresh("roster-together");
        ServerConfig config = TestServer.config(db);
        List<Callable<Roster>> starts = List.of(() -> Roster.start(config), () -> Roster.start(config), () -> Roster.start(config));
        List<Roster> running = Parallel.run(starts);
        try {
            for (Roster r : running) assertThat(new ScimClient(r.port(), TestServer.TOKEN).get("/Users").status()).isEqualTo(200);
        } finally {
            running.forEach(Roster::close);
            TestDatabase.drop(db);
        }
    }

    @Test
    void aDatabaseThatGoesAwayIs503AndComesBack() throws Exception {
        throughProxy("roster-outage", "", (proxy, scim, log) -> {
            String id = scim.post("/Users", "{'userName':'outage@example.com'}").json().get("id").asText();
            assertThat(scim.getRoot("/readyz").status()).isEqualTo(200);

            proxy.cut();
            ScimClient.Response down = scim.get("/Users/" + id);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json().get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
            // More requests while it is down, as an IdP's workers keep sending them.
            List<Callable<ScimClient.Response>> more = new ArrayList<>();
            for (int i = 0; i < 4; i++) more.add(() -> scim.post("/Users", "{'userName':'during.outage@example.com'}"));
            List<ScimClient.Response> failed = new ArrayList<>(Parallel.run(more));
            failed.add(down);
            // Each answer's incident is in the log, but the same outage's stack trace only once.
            for (ScimClient.Response r : failed) {
                assertThat(r.status()).as(r.toString()).isEqualTo(503);
                String incident = r.json().get("detail").asText().replaceAll(".*incident ([0-9a-f-]{36}).*", "$1");
                assertThat(log.events()).as(incident).anySatisfy(e -> {
                    assertThat(e.getLevel().toString()).isEqualTo("ERROR");
                    assertThat(e.getFormattedMessage()).contains(incident);
                });
            }
            assertThat(log.events().stream().filter(e -> e.getLoggerName().contains("ErrorHandling")
                    && e.getThrowableProxy() != null)).hasSize(1);
            assertThat(scim.getRoot("/readyz").status()).isEqualTo(503);
            assertThat(scim.sendRoot("HEAD", "/readyz").status()).isEqualTo(503);
            assertThat(scim.getRoot("/healthz").status()).isEqualTo(200);

            proxy.start();
            ScimClient.Response back = null;
            for (int i = 0; i < 50; i++) {
                back = scim.get("/Users/" + id);
                if (back.status() == 200) break;
                Thread.sleep(200);
            }
            assertThat(back.status()).as("recovers by itself").isEqualTo(200);
            assertThat(scim.getRoot("/readyz").status()).isEqualTo(200);
        });
    }

    @Test
    void aCreateWhoseCommitLostItsAnswerIsStoredOnceAndAnswered201() throws Exception {
        // Statements sent with their text each time, so that the proxy can tell a COMMIT.
        throughProxy("roster-lost-commit", "&prepareThreshold=0", (proxy, scim, log) -> {
            // The commit reaches the database, which stores the user, but the connection breaks before its answer.
            proxy.breakAfterNext("COMMIT", true);
            ScimClient.Response landed = scim.post("/Users", "{'userName':'landed@example.com'}");
            assertThat(proxy.broken()).isEqualTo(1);
            assertThat(landed.status()).as(landed.toString()).isEqualTo(201);
            assertThat(landed.json().get("userName").asText()).isEqualTo("landed@example.com");
            assertThat(scim.get("/Users/" + landed.json().get("id").asText()).status()).isEqualTo(200);

            // The commit never reaches the database: nothing was stored, so the create runs again.
            proxy.breakAfterNext("COMMIT", false);
            ScimClient.Response again = scim.post("/Users", "{'userName':'again@example.com'}");
            assertThat(proxy.broken()).isEqualTo(2);
            assertThat(again.status()).as(again.toString()).isEqualTo(201);
            assertThat(scim.get("/Users/" + again.json().get("id").asText()).status()).isEqualTo(200);

            assertThat(scim.get("/Users?count=0").json().get("totalResults").asInt()).isEqualTo(2);
            assertThat(log.events()).noneSatisfy(e -> assertThat(e.getLevel().toString()).isEqualTo("ERROR"));
        });
    }

    @Test
    void aRequestWhoseConnectionTheDatabaseEndedRunsAgainOnANewOne() throws Exception {
        // One pooled connection, ended by the server (a restart, an administrator, an idle-session timeout) while idle.
        try (CapturedLog log = new CapturedLog(); TestServer server = TestServer.startWithPoolSize(1)) {
            ScimClient scim = server.client();
            String id = scim.post("/Users", "{'userName':'before.end@example.com'}").json().get("id").asText();
            // The write meets the ended connection before it could commit: nothing was written, so it runs again.
            endPooledConnection(server);
            ScimClient.Response ended = scim.post("/Users", "{'userName':'during.end@example.com'}");
            assertThat(ended.status()).as(ended.toString()).isEqualTo(201);
            // So do the reads of one resource: a GET, Okta's lookup, and a token not seen for a while.
            endPooledConnection(server);
            assertThat(scim.get("/Users/" + id).status()).isEqualTo(200);
            endPooledConnection(server);
            JsonNode found = scim.get("/Users?filter=" + ScimClient.q("userName eq \"before.end@example.com\"")).json();
            assertThat(found.get("totalResults").asInt()).isEqualTo(1);
            Thread.sleep(1_100); // past the second a token's directory is remembered
            endPooledConnection(server);
            assertThat(scim.get("/Users/" + id).status()).isEqualTo(200);
            // And a page of a list, read whole before it is answered.
            endPooledConnection(server);
            assertThat(scim.get("/Users?count=10&sortBy=userName").json().get("totalResults").asInt()).isEqualTo(2);

            assertThat(scim.post("/Users", "{'userName':'after.end@example.com'}").status()).isEqualTo(201);
            assertThat(scim.get("/Users?count=0").json().get("totalResults").asInt()).isEqualTo(3);
            assertThat(log.events()).noneSatisfy(e -> assertThat(e.getLevel().toString()).isEqualTo("ERROR"));
        }
    }

    private interface ProxiedTest {
        void run(TcpProxy proxy, ScimClient scim, CapturedLog log) throws Exception;
    }

    /**
     * Runs {@code test} against a server on a fresh test database whose every connection goes through a proxy the
     * test can cut or break: a pool of two, with {@code params} added to the database URL.
     */
    private static void throughProxy(String name, String params, ProxiedTest test) throws Exception {
        DatabaseConfig direct = TestDatabase.fresh(name);
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5432)) {
            String viaProxy = direct.url().replace("127.0.0.1:5432", "127.0.0.1:" + proxy.port())
                    .replace("localhost:5432", "127.0.0.1:" + proxy.port());
            assumeTrue(!viaProxy.equals(direct.url()), "the test database URL names 127.0.0.1:5432");
            DatabaseConfig db = new DatabaseConfig(direct.dataDir(), viaProxy + params, null, null, 2);
            try (CapturedLog log = new CapturedLog(); Roster roster = Roster.start(TestServer.config(db))) {
                test.run(proxy, new ScimClient(roster.port(), TestServer.TOKEN), log);
            }
        } finally {
            TestDatabase.drop(direct);
        }
    }

    /** Ends the one pooled connection of a server started with a pool of one, from the database's side. */
    private static void endPooledConnection(TestServer server) throws Exception {
        int pid = server.write(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                return rs.getInt(1);
            }
        });
        try (Connection admin = DriverManager.getConnection(server.database().url()); Statement s = admin.createStatement()) {
            s.execute("SELECT pg_terminate_backend(" + pid + ")");
        }
    }

    @Test
    void startUpErrorsAreOneLineAndNeverShowThePassword() {
        String[][] cases = {
                {"--database-url", "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=Sup3rSecret"},
                {"--database-url", "jdbc:postgresql://127.0.0.1:5432/test?user=no_such_role_here&password=Sup3rSecret"},
                {"--database-url", "jdbc:mysql://127.0.0.1/test?password=Sup3rSecret"}};
        for (String[] flags : cases) {
            PrintStream original = System.err;
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit;
            try {
                exit = Main.run("serve", "--port", "0", flags[0], flags[1]);
            } finally {
                System.setErr(original);
            }
            String out = err.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(out).isIn(1, 2);
            assertThat(out.strip().lines()).as(out).hasSize(1);
            assertThat(out).startsWith("roster: ").doesNotContain("Sup3rSecret").doesNotContain("Exception");
        }
    }

    /**
     * A database failure after a group's members began to stream cuts the connection: the client sees the answer
     * end short of its last chunk, never a 200 that looks whole. The client stops reading, so the server is held
     * mid-stream, its member cursor open, when the database ends its connection: the group's answer (about 6 MB)
     * is larger than what the server's socket takes in (at most 4 MB with Linux's default tcp_wmem) plus a fetch.
     */
    @Test
    void aDatabaseFailureMidStreamCutsTheAnswerOff() throws Exception {
        int size = 9000;
        try (TestServer server = TestServer.start()) {
            ScimClient scim = server.client();
            String longName = "x".repeat(480);
            List<Callable<String>> creates = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                String body = "{'userName':'cut" + i + "@example.com','displayName':'" + longName + i + "'}";
                creates.add(() -> scim.post("/Users", body).json().get("id").asText());
            }
            StringBuilder members = new StringBuilder();
            for (String id : Parallel.run(creates)) members.append(members.isEmpty() ? "" : ",").append("{'value':'").append(id).append("'}");
            // What autovacuum's analyze would do (test machines run without it): a plan made on the near-empty
            // tables would scan every user for each membership's foreign-key check.
            TestDatabase.execute(server.database(), "ANALYZE resources, memberships");
            String group = scim.post("/Groups?excludedAttributes=members", "{'displayName':'Cut','members':[" + members + "]}")
                    .json().get("id").asText();

            try (Socket socket = scim.getWithoutReading("/Groups/" + group, 0)) {
                InputStream in = socket.getInputStream();

                try (Connection c = DriverManager.getConnection(server.database().url()); Statement s = c.createStatement()) {
                    int ended = 0;
                    for (int attempt = 0; attempt < 100 && ended == 0; attempt++) {
                        try (ResultSet rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                + "WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle in transaction' "
                                + "AND query LIKE '%FROM memberships m JOIN%'")) {
                            rs.next();
                            ended = rs.getInt(1);
                        }
                        if (ended == 0) Thread.sleep(50);
                    }
                    assertThat(ended).as("a backend holding the member cursor").isEqualTo(1);
                }
                // Kept alive, the answer is chunked: the connection's end is the server cutting it off.
                String rest = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(rest).contains("Transfer-Encoding: chunked").doesNotEndWith("0\r\n\r\n");
                assertThat(rest.split("\"value\"", -1).length - 1).isLessThan(size);
            }
            // The pool replaces the ended connection: the next read is whole.
            assertThat(scim.get("/Groups/" + group).json().get("members")).hasSize(size);
        }
    }
}
