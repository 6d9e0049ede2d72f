package dev.roster.server;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A group PATCH of member operations, in any mix and order and in every shape IdPs send, leaves the members that
 * applying its operations one after another to a set gives (RFC 7644 §3.5.2: operations apply in order). The server
 * may merge and reorder the rows it writes; the outcome must not show it.
 */
@net.jqwik.api.lifecycle.AddLifecycleHook(SkipWithoutTestDatabase.class)
class MemberPatchProperties {
    private static final int USERS = 6;
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static TestServer server;
    private static ScimClient scim;
    private static final List<String> ids = new ArrayList<>();

    @BeforeContainer
    static void start() {
        server = TestServer.start();
        scim = server.client();
        for (int i = 0; i < USERS; i++) ids.add(scim.post("/Users", "{'userName':'member" + i + "@example.com'}").json().get("id").asText());
    }

    @AfterContainer
    static void stop() {
        if (server != null) server.close();
        ids.clear();
    }

    /** One member operation: its JSON, and what it does to a set of members. */
    record MemberOp(String json, String kind, List<Integer> who) {
        void applyTo(Set<String> members) {
            List<String> named = who.stream().map(ids::get).toList();
            switch (kind) {
                case "add" -> members.addAll(named);
                case "replace" -> {
                    members.clear();
                    members.addAll(named);
                }
                case "removeAll" -> members.clear();
                default -> named.forEach(members::remove);
            }
        }

        @Override
        public String toString() { return json; }
    }

    private static String values(List<Integer> who) {
        return who.stream().map(i -> "{'value':'" + ids.get(i) + "'}").collect(Collectors.joining(",", "[", "]"));
    }

    private static MemberOp op(String shape, List<Integer> who) {
        String filter = who.stream().map(i -> "value eq \\\"" + ids.get(i) + "\\\"").collect(Collectors.joining(" or "));
        return switch (shape) {
            case "add" -> new MemberOp("{'op':'add','path':'members','value':" + values(who) + "}", "add", who);
            case "Add path-less" -> new MemberOp("{'op':'Add','value':{'members':" + values(who) + "}}", "add", who);
            case "remove by filter" -> new MemberOp("{'op':'remove','path':'members[" + filter + "]'}", "remove", who);
            // Entra's and JumpCloud's shape: the members to remove as the value, without a filter.
            case "Remove by value" -> new MemberOp("{'op':'Remove','path':'members','value':" + values(who) + "}", "remove", who);
            case "replace" -> new MemberOp("{'op':'replace','path':'members','value':" + values(who) + "}", "replace", who);
            // Okta's group push replaces the list path-less.
            case "replace path-less" -> new MemberOp("{'op':'replace','value':{'members':" + values(who) + "}}", "replace", who);
            default -> new MemberOp("{'op':'remove','path':'members'}", "removeAll", List.of());
        };
    }

    @Provide
    Arbitrary<List<Integer>> initial() {
        return Arbitraries.integers().between(0, USERS - 1).list().ofMaxSize(USERS).uniqueElements();
    }

    @Provide
    Arbitrary<List<MemberOp>> operations() {
        Arbitrary<String> shape = Arbitraries.of("add", "Add path-less", "remove by filter", "Remove by value", "replace",
                "replace path-less", "remove all").edgeCases(c -> c.includeOnly("add", "Remove by value"));
        Arbitrary<List<Integer>> who = Arbitraries.integers().between(0, USERS - 1).list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<MemberOp> one = net.jqwik.api.Combinators.combine(shape, who).as(MemberPatchProperties::op);
        return one.list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 150)
    void memberOperationsApplyInOrderAsSetOperations(@ForAll("initial") List<Integer> initial,
                                                     @ForAll("operations") List<MemberOp> operations) {
        String name = "props-" + SEQ.incrementAndGet();
        ScimClient.Response created = scim.post("/Groups", "{'displayName':'" + name + "','members':" + values(initial) + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String group = created.json().get("id").asText();
        Set<String> expected = new LinkedHashSet<>();
        initial.forEach(i -> expected.add(ids.get(i)));
        operations.forEach(o -> o.applyTo(expected));

        String body = operations.stream().map(MemberOp::json).collect(Collectors.joining(",", "{'Operations':[", "]}"));
        ScimClient.Response patched = scim.patch("/Groups/" + group, body);
        assertThat(patched.status()).as(patched.toString()).isEqualTo(204);

        JsonNode read = scim.get("/Groups/" + group).json();
        Set<String> members = new TreeSet<>();
        read.path("members").forEach(m -> members.add(m.get("value").asText()));
        assertThat(members).as(body).isEqualTo(new TreeSet<>(expected));
        // Each user's groups say the same from the other side.
        for (String id : ids) {
            boolean listed = false;
            for (JsonNode g : scim.get("/Users/" + id + "?attributes=groups").json().path("groups")) listed |= g.get("value").asText().equals(group);
            assertThat(listed).as(id + " in " + body).isEqualTo(expected.contains(id));
        }
        assertThat(scim.delete("/Groups/" + group).status()).isEqualTo(204);
    }
}
