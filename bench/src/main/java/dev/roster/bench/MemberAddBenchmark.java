package dev.roster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.dialect.IdpDialect;
import dev.roster.scim.list.Projection;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;
import dev.roster.server.service.ProvisioningService;
import dev.roster.server.service.RequestContext;
import dev.roster.server.store.Database;
import dev.roster.server.store.ResourceStore;
import dev.roster.server.store.StoredResource;
import dev.roster.server.store.Timestamps;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Adding one member to a group, as Okta's group push and Entra do it (a PATCH through the service, in
 * its own durable transaction), for a group of 10 members and one of 100,000. A membership is a row,
 * so the two should cost the same.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MemberAddBenchmark {
    private static final String DIRECTORY = "bench-directory";
    private static final int POOL = 1000;

    @Param({"10", "100000"})
    public int members;

    private final SchemaRegistry registry = SchemaRegistry.core();
    private final ObjectMapper mapper = new ObjectMapper();
    private Database db;
    private ProvisioningService service;
    private RequestContext ctx;
    private ResourceType groups;
    private String groupId;
    private final List<JsonNode> adds = new ArrayList<>();
    private final List<JsonNode> removes = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        db = Database.openSqlite(Files.createTempDirectory("roster-bench").resolve("bench.db"), 4);
        ResourceStore store = new ResourceStore(db.dialect(), mapper);
        service = new ProvisioningService(db, store, registry, Clock.systemUTC());
        ctx = new RequestContext(DIRECTORY, IdpDialect.DEFAULT, "http://localhost/scim/v2");
        groups = registry.resourceType("Group");
        groupId = UUID.randomUUID().toString();
        String now = Timestamps.format(Clock.systemUTC().instant());
        List<String> pool = new ArrayList<>();
        db.write(c -> {
            try (var ps = c.prepareStatement("INSERT INTO directories (id, name, created) VALUES (?, ?, ?)")) {
                ps.setString(1, DIRECTORY);
                ps.setString(2, DIRECTORY);
                ps.setString(3, now);
                ps.executeUpdate();
            }
            store.insert(c, DIRECTORY, new StoredResource(groupId, "Group", 1, now, now,
                    JsonNodeFactory.instance.objectNode().put("displayName", "Big group")));
            for (int i = 0; i < members + POOL; i++) {
                String id = UUID.randomUUID().toString();
                store.insert(c, DIRECTORY, new StoredResource(id, "User", 1, now, now,
                        JsonNodeFactory.instance.objectNode().put("userName", "user" + i + "@example.com")));
                if (i < members) store.memberships().addMember(c, DIRECTORY, groupId, id, "User");
                else pool.add(id);
            }
            return null;
        });
        for (String id : pool) {
            adds.add(patch("add", "members", "[{\"value\":\"" + id + "\"}]"));
            removes.add(patch("remove", "members[value eq \"" + id + "\"]", null));
        }
    }

    private JsonNode patch(String op, String path, String value) throws Exception {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("op", op).put("path", path);
        if (value != null) o.set("value", mapper.readTree(value));
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("Operations").add(o);
        return body;
    }

    @TearDown(Level.Trial)
    public void tearDown() { db.close(); }

    /** One member in, then out again, so the group keeps its size over the run. */
    @Benchmark
    public Object addThenRemoveOneMember() {
        int i = next++ % POOL;
        Object[] answer = new Object[1];
        service.patch(ctx, groups, groupId, adds.get(i), null, Projection.DEFAULT, false, r -> answer[0] = r);
        service.patch(ctx, groups, groupId, removes.get(i), null, Projection.DEFAULT, false, r -> answer[0] = r);
        return answer[0];
    }
}
