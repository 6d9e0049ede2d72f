package dev.roster.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** IdPs send requests in parallel; the database, not luck, keeps every one of them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrencyTest {
    private static final int N = 50;
    private final TestServer server = TestServer.start();
    private final ScimClient scim = server.client();

    @AfterAll
    void stop() { server.close(); }


    @Test
    void racingCreatesOfOneUserNameGiveOneCreatedAndTheRestConflicts() throws Exception {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            String spelling = i % 2 == 0 ? "Race.Winner@example.com" : "race.winner@EXAMPLE.com";
            tasks.add(() -> scim.post("/Users", "{'userName':'" + spelling + "'}").status());
        }
        List<Integer> statuses = Parallel.run(tasks);
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(N - 1);
    }

    @Test
    void aFailingWriteAmongParallelOnesFailsAloneAndTheRestAreKept() throws Exception {
        scim.post("/Users", "{'userName':'taken@example.com'}");
        String group = scim.post("/Groups", "{'displayName':'Neighbours'}").json().get("id").asText();
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            String name = i % 2 == 0 ? "neighbour" + i + "@example.com" : "taken@example.com";
            tasks.add(() -> scim.post("/Users", "{'userName':'" + name + "'}").status());
            // A member add that fails validation (no such user), in the same stream of writes.
            tasks.add(() -> scim.patch("/Groups/" + group, "{'Operations':[{'op':'add','path':'members',"
                    + "'value':[{'value':'no-such-user'}]}]}").status());
        }
        List<Integer> statuses = Parallel.run(tasks);
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(N / 2);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(N / 2);
        assertThat(statuses).filteredOn(s -> s == 400).hasSize(N);
        for (int i = 0; i < N; i += 2) {
            String filter = ScimClient.q("userName eq \"neighbour" + i + "@example.com\"");
            assertThat(scim.get("/Users?filter=" + filter).json().get("totalResults").asInt())
                    .as("neighbour" + i).isEqualTo(1);
        }
        assertThat(scim.get("/Users?filter=" + ScimClient.q("userName eq \"taken@example.com\"")).json()
                .get("totalResults").asInt()).isEqualTo(1);
        assertThat(scim.get("/Groups/" + group).json().get("members")).isEmpty();
    }

    @Test
    void parallelCreatesAndDeletesKeepTheRunningCountExact() throws Exception {
        int before = total("/Users?count=0");
        List<Callable<String>> creates = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            String name = "counted" + i + "@example.com";
            creates.add(() -> scim.post("/Users", "{'userName':'" + name + "'}").json().get("id").asText());
        }
        List<String> ids = Parallel.run(creates);
        List<Callable<Integer>> deletes = new ArrayList<>();
        for (String id : ids.subList(0, N / 2)) deletes.add(() -> scim.delete("/Users/" + id).status());
        assertThat(Parallel.run(deletes)).containsOnly(204);

        // Without a filter, totalResults comes from the running count; with one, from counting rows.
        assertThat(total("/Users?count=0")).isEqualTo(before + N - N / 2)
                .isEqualTo(total("/Users?count=0&filter=" + ScimClient.q("userName pr")));
    }

    private List<String> users(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) ids.add(scim.post("/Users", "{'userName':'" + prefix + i + "@example.com'}").json().get("id").asText());
        return ids;
    }

    private int total(String path) {
        return scim.get(path).json().get("totalResults").asInt();
    }

    @Test
    void parallelMemberAddsAreAllKept() throws Exception {
        String group = scim.post("/Groups", "{'displayName':'Parallel'}").json().get("id").asText();
        List<String> users = users("member", N);
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (String u : users) {
            tasks.add(() -> scim.patch("/Groups/" + group, "{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                    + "'Operations':[{'op':'add','path':'members','value':[{'value':'" + u + "'}]}]}").status());
        }
        assertThat(Parallel.run(tasks)).containsOnly(204);
        assertThat(scim.get("/Groups/" + group).json().get("members")).hasSize(N);
        assertThat(scim.get("/Groups/" + group).json().at("/meta/version").asText()).isEqualTo("W/\"" + (N + 1) + "\"");
    }

    @Test
    void memberChangesAndRenamesOfOneGroupInParallelAreAllKept() throws Exception {
        List<String> users = users("mixed", N + 5);
        StringBuilder initial = new StringBuilder();
        for (String u : users.subList(0, 10)) initial.append(initial.length() == 0 ? "" : ",").append("{'value':'").append(u).append("'}");
        String group = scim.post("/Groups", "{'displayName':'Mixed','members':[" + initial + "]}").json().get("id").asText();

        List<Callable<Integer>> tasks = new ArrayList<>();
        for (String u : users.subList(10, N)) {
            tasks.add(() -> scim.patch("/Groups/" + group, "{'Operations':[{'op':'add','path':'members','value':[{'value':'" + u + "'}]}]}").status());
        }
        for (String u : users.subList(0, 10)) {
            tasks.add(() -> scim.patch("/Groups/" + group, "{'Operations':[{'op':'remove','path':'members[value eq \"" + u + "\"]'}]}").status());
        }
        for (int i = 0; i < 5; i++) {
            String name = "Mixed " + i;
            // A rename alongside a member change: the path that locks the group's row first.
            String extra = users.get(N + i);
            tasks.add(() -> scim.patch("/Groups/" + group, "{'Operations':[{'op':'replace','path':'displayName','value':'" + name + "'},"
                    + "{'op':'add','path':'members','value':[{'value':'" + extra + "'}]}]}").status());
        }
        Collections.shuffle(tasks, new Random(7));
        assertThat(Parallel.run(tasks)).containsOnly(204);

        JsonNode read = scim.get("/Groups/" + group).json();
        List<String> members = new ArrayList<>();
        read.get("members").forEach(m -> members.add(m.get("value").asText()));
        assertThat(members).containsExactlyInAnyOrderElementsOf(users.subList(10, N + 5));
        assertThat(read.get("displayName").asText()).startsWith("Mixed ");
        // Each request made exactly one new version: the adds, the removes, and the renames with their adds.
        assertThat(read.at("/meta/version").asText()).isEqualTo("W/\"" + (1 + (N - 10) + 10 + 5) + "\"");
    }

    @Test
    void parallelMemberChangesNamingOneVersionApplyOnce() throws Exception {
        List<String> users = users("precondition", N);
        String group = scim.post("/Groups", "{'displayName':'One Version'}").json().get("id").asText();
        String etag = scim.get("/Groups/" + group).header("ETag");
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (String u : users) {
            tasks.add(() -> scim.patch("/Groups/" + group, "{'Operations':[{'op':'add','path':'members','value':[{'value':'" + u + "'}]}]}",
                    "If-Match", etag).status());
        }
        List<Integer> statuses = Parallel.run(tasks);
        assertThat(statuses).filteredOn(s -> s == 204).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 412).hasSize(N - 1);
        assertThat(scim.get("/Groups/" + group).json().get("members")).hasSize(1);
    }

    @Test
    void memberChangesRacingTheGroupsDeleteAnswerNoServerError() throws Exception {
        List<String> users = users("doomed", N);
        String group = scim.post("/Groups", "{'displayName':'Doomed'}").json().get("id").asText();
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (String u : users) {
            tasks.add(() -> scim.patch("/Groups/" + group, "{'Operations':[{'op':'add','path':'members','value':[{'value':'" + u + "'}]}]}").status());
        }
        tasks.add(N / 2, () -> scim.delete("/Groups/" + group).status());
        List<Integer> statuses = Parallel.run(tasks);
        assertThat(statuses.get(N / 2)).isEqualTo(204);
        assertThat(statuses).containsOnly(204, 404);

        assertThat(scim.get("/Groups/" + group).status()).isEqualTo(404);
        for (String u : users) assertThat(scim.get("/Users/" + u).json().path("groups")).as(u).isEmpty();
    }

    @Test
    void usersDeletedWhileTheirGroupsChangeAreAllDeleted() throws Exception {
        // Each delete moves the version of every group its user was in, while member changes (and a few
        // replaces, which lock the group before its new members) hold those groups and name those users.
        List<String> doomed = users("leaver", N);
        List<String> groups = new ArrayList<>();
        for (int g = 0; g < 3; g++) {
            groups.add(scim.post("/Groups", "{'displayName':'Shared " + g + "','members':[" + members(doomed) + "]}")
                    .json().get("id").asText());
        }
        List<Callable<Integer>> deletes = new ArrayList<>();
        List<Callable<Integer>> changes = new ArrayList<>();
        Random random = new Random(11);
        for (int i = 0; i < N; i++) {
            String u = doomed.get(i);
            deletes.add(() -> scim.delete("/Users/" + u).status());
            String group = groups.get(random.nextInt(groups.size()));
            String other = doomed.get(random.nextInt(N));
            changes.add(() -> scim.patch("/Groups/" + group,
                    "{'Operations':[{'op':'add','path':'members','value':[{'value':'" + other + "'}]}]}").status());
            if (i % 10 == 0) {
                int g = random.nextInt(groups.size());
                String body = "{'displayName':'Shared " + g + "','members':[" + members(doomed.subList(i, i + 5)) + "]}";
                changes.add(() -> scim.put("/Groups/" + groups.get(g), body).status());
            }
        }
        List<Callable<Integer>> tasks = new ArrayList<>(deletes);
        tasks.addAll(changes);
        Collections.shuffle(tasks, random);
        List<Integer> statuses = Parallel.run(tasks);
        for (Callable<Integer> d : deletes) assertThat(statuses.get(tasks.indexOf(d))).as("delete").isEqualTo(204);
        // A change naming a user deleted before it ran is refused; none fails otherwise.
        for (Callable<Integer> c : changes) assertThat(statuses.get(tasks.indexOf(c))).as("change").isIn(200, 204, 400);
        for (String g : groups) assertThat(scim.get("/Groups/" + g).json().path("members")).as(g).isEmpty();
    }

    @Test
    void parallelAnswersListingAGroupsMembersAreAllWhole() throws Exception {
        // Such answers take turns (each holds a database connection while its members stream out); every one must
        // still come, complete.
        List<String> users = users("listed", 300);
        String group = scim.post("/Groups", "{'displayName':'Listed','members':[" + members(users) + "]}").json().get("id").asText();
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 3 * N; i++) {
            int kind = i % 3;
            tasks.add(() -> {
                JsonNode answer = switch (kind) {
                    case 0 -> scim.get("/Groups/" + group).json();
                    case 1 -> scim.get("/Groups?filter=displayName%20eq%20%22Listed%22").json().at("/Resources/0");
                    default -> scim.post("/Groups/.search", "{'filter':'displayName eq \"Listed\"'}").json().at("/Resources/0");
                };
                return answer.path("members").size();
            });
        }
        assertThat(Parallel.run(tasks)).containsOnly(300);
    }

    private static String members(List<String> ids) {
        StringBuilder members = new StringBuilder();
        for (String id : ids) members.append(members.length() == 0 ? "" : ",").append("{'value':'").append(id).append("'}");
        return members.toString();
    }

    @Test
    void parallelMemberChangesNamingTheSameMembersInAnyOrderNeitherDeadlockNorFail() throws Exception {
        List<String> users = users("overlap", 10);
        String group = scim.post("/Groups", "{'displayName':'Overlapping'}").json().get("id").asText();
        long deadlocksBefore = deadlocks();
        // Entra's shape: several members a PATCH, added or removed by value, the same ones in different orders.
        Random random = new Random(11);
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 8 * N; i++) {
            List<String> some = shuffled(users, random);
            String op = i % 2 == 0 ? "add" : "remove";
            String body = "{'Operations':[{'op':'" + op + "','path':'members','value':[" + members(some.subList(0, 5)) + "]}]}";
            tasks.add(() -> scim.patch("/Groups/" + group, body).status());
        }
        assertThat(Parallel.run(tasks)).containsOnly(204);
        // A deadlock is run again and then succeeds, but only after PostgreSQL's deadlock_timeout (1 s by default).
        assertThat(deadlocks()).as("deadlocks PostgreSQL detected").isEqualTo(deadlocksBefore);
    }

    @Test
    void memberRemovalsRacingGroupPutsAndMemberDeletesNeitherDeadlockNorFail() throws Exception {
        List<String> users = users("leaving", 40);
        List<String> groups = new ArrayList<>();
        for (int g = 0; g < 3; g++) {
            groups.add(scim.post("/Groups", "{'displayName':'Leaving " + g + "','members':[" + members(users) + "]}").json().get("id").asText());
        }
        long deadlocksBefore = deadlocks();
        Random random = new Random(5);
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            String user = users.get(i);
            for (String group : groups) {
                tasks.add(() -> scim.patch("/Groups/" + group, "{'Operations':[{'op':'remove','path':'members[value eq \"" + user + "\"]'}]}").status());
            }
            // The first half of the users are deleted as they leave; the groups' PUTs name only the others.
            if (i < users.size() / 2) tasks.add(() -> scim.delete("/Users/" + user).status());
        }
        List<String> staying = users.subList(users.size() / 2, users.size());
        for (int g = 0; g < groups.size(); g++) {
            for (int k = 0; k < 6; k++) {
                List<String> some = shuffled(staying, random);
                String body = "{'displayName':'Leaving " + g + "','members':[" + members(some.subList(0, 5)) + "]}";
                String group = groups.get(g);
                tasks.add(() -> scim.put("/Groups/" + group, body).status());
            }
        }
        Collections.shuffle(tasks, random);
        assertThat(Parallel.run(tasks)).containsOnly(200, 204);
        assertThat(deadlocks()).as("deadlocks PostgreSQL detected").isEqualTo(deadlocksBefore);
    }

    @Test
    void groupPutsRacingMemberAddsOfTheSameMembersNeitherDeadlockNorFail() throws Exception {
        List<String> users = users("replaced", 10);
        String group = scim.post("/Groups", "{'displayName':'Replaced'}").json().get("id").asText();
        long deadlocksBefore = deadlocks();
        // One IdP replacing a group while another of its workers adds some of the same members.
        Random random = new Random(13);
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 4 * N; i++) {
            List<String> some = shuffled(users, random);
            if (i % 4 == 0) {
                String body = "{'displayName':'Replaced','members':[" + members(some.subList(0, 5)) + "]}";
                tasks.add(() -> scim.put("/Groups/" + group, body).status());
            } else {
                String body = "{'Operations':[{'op':'add','path':'members','value':[" + members(some.subList(0, 3)) + "]}]}";
                tasks.add(() -> scim.patch("/Groups/" + group, body).status());
            }
        }
        assertThat(Parallel.run(tasks)).containsOnly(200, 204);
        assertThat(deadlocks()).as("deadlocks PostgreSQL detected").isEqualTo(deadlocksBefore);
    }

    @Test
    void groupPutsNamingUsersBeingDeletedNeitherDeadlockNorFail() throws Exception {
        long deadlocksBefore = deadlocks();
        // The deadlock takes one interleaving, which these rounds meet only now and then: PostgresTest forces it.
        for (int round = 0; round < 3; round++) putsNamingUsersBeingDeleted(round);
        assertThat(deadlocks()).as("deadlocks PostgreSQL detected").isEqualTo(deadlocksBefore);
    }

    private void putsNamingUsersBeingDeleted(int round) throws Exception {
        String name = "Named " + round;
        List<String> users = users("named" + round + "-", 60);
        String group = scim.post("/Groups", "{'displayName':'" + name + "','members':[" + members(users.subList(0, 30)) + "]}")
                .json().get("id").asText();
        // Users in the group and out of it are deleted while PUTs of the group name some of each: a PUT may take a
        // user out of the group and the next one put it back while the user's delete waits for the group.
        Random random = new Random(17 + round);
        List<Callable<Integer>> deletes = new ArrayList<>();
        List<Callable<Integer>> puts = new ArrayList<>();
        for (String u : users.subList(0, 45)) deletes.add(() -> scim.delete("/Users/" + u).status());
        for (int i = 0; i < 60; i++) {
            List<String> some = shuffled(users, random);
            String body = "{'displayName':'" + name + "','members':[" + members(some.subList(0, 10)) + "]}";
            puts.add(() -> scim.put("/Groups/" + group, body).status());
        }
        List<Callable<Integer>> tasks = new ArrayList<>(deletes);
        tasks.addAll(puts);
        Collections.shuffle(tasks, random);
        List<Integer> statuses = Parallel.run(tasks);
        for (Callable<Integer> d : deletes) assertThat(statuses.get(tasks.indexOf(d))).as("delete").isEqualTo(204);
        // A PUT naming a user deleted before it ran is refused.
        for (Callable<Integer> p : puts) assertThat(statuses.get(tasks.indexOf(p))).as("put").isIn(200, 400);
        List<String> members = new ArrayList<>();
        scim.get("/Groups/" + group).json().path("members").forEach(m -> members.add(m.get("value").asText()));
        assertThat(users.subList(45, 60)).containsAll(members);
    }

    private static List<String> shuffled(List<String> ids, Random random) {
        List<String> copy = new ArrayList<>(ids);
        Collections.shuffle(copy, random);
        return copy;
    }

    private long deadlocks() throws Exception {
        return TestDatabase.deadlocks(server.database());
    }

    @Test
    void parallelPatchesOfDifferentAttributesAllTakeEffect() throws Exception {
        String id = scim.post("/Users", "{'userName':'many.changes@example.com'}").json().get("id").asText();
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            int n = i;
            tasks.add(() -> scim.patch("/Users/" + id, "{'Operations':[{'op':'add','path':'emails','value':"
                    + "[{'value':'e" + n + "@example.com','type':'other'}]}]}").status());
        }
        assertThat(Parallel.run(tasks)).containsOnly(200);
        assertThat(scim.get("/Users/" + id).json().get("emails")).hasSize(N);
    }
}
