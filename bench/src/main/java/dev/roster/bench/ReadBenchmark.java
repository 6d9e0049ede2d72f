package dev.roster.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.scim.dialect.IdpDialect;
import dev.roster.scim.list.ListRequest;
import dev.roster.scim.list.Projection;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;
import dev.roster.server.config.DatabaseConfig;
import dev.roster.server.directory.DirectoryService;
import dev.roster.server.service.ProvisioningService;
import dev.roster.server.service.RequestContext;
import dev.roster.server.store.Database;
import dev.roster.server.store.ResourceStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A user read by id and Okta's {@code userName eq} lookup below HTTP, on SQLite directories of 10,000,
 * 100,000 and 1,000,000 users seeded as the load benchmark seeds them (a group of 10 members at 10,000, of
 * 100,000 at the larger sizes). {@code storage} is the one statement and its row; {@code read} and
 * {@code lookup} add what the provisioning service does around it (the filter, the rendering). Users are
 * picked at random, as wrk picks them, so the million-user side reads a 1.4 GB file where the small one
 * reads 15 MB. Each trial seeds its own directory (a million users take about two and a half minutes) and
 * deletes it when done.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class ReadBenchmark {
    private static final String TOKEN = "read-benchmark-token-0123456789";

    @Param({"10000", "100000", "1000000"})
    public int users;

    private final SchemaRegistry registry = SchemaRegistry.core();
    private Path work;
    private Database db;
    private ResourceStore store;
    private ProvisioningService service;
    private RequestContext ctx;
    private ResourceType userType;
    private String[] ids;
    private String[] filters;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        work = Files.createTempDirectory("roster-read-bench");
        Path data = work.resolve("data");
        Seed.main(new String[] {data.toString(), TOKEN, Integer.toString(users), users > 10_000 ? "100000" : "10",
                work.toString()});
        // The seeding's writes go to disk now, not in the kernel's writeback during the measurement.
        try (FileChannel file = FileChannel.open(data.resolve("roster.db"), StandardOpenOption.READ)) {
            file.force(true);
        }
        List<String> lines = Files.readAllLines(work.resolve("users.txt"));
        ids = new String[lines.size()];
        filters = new String[lines.size()];
        for (int i = 0; i < ids.length; i++) {
            String[] line = lines.get(i).split(" ");
            ids[i] = line[0];
            filters[i] = "userName eq \"" + line[1] + "\"";
        }
        db = DatabaseConfig.sqlite(data).open();
        store = new ResourceStore(db.dialect(), new ObjectMapper());
        service = new ProvisioningService(db, store, registry, Clock.systemUTC());
        String directory = new DirectoryService(db, Clock.systemUTC()).authenticate(TOKEN).id();
        ctx = new RequestContext(directory, IdpDialect.DEFAULT, "http://localhost/scim/v2");
        userType = registry.resourceType("User");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        db.close();
        try (Stream<Path> files = Files.walk(work)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** Each thread's own random walk over the users (xorshift), so that threads run with {@code -t} share none. */
    @State(Scope.Thread)
    public static class Picker {
        private int seed = ThreadLocalRandom.current().nextInt() | 1;

        int next(int bound) {
            seed ^= seed << 13;
            seed ^= seed >>> 17;
            seed ^= seed << 5;
            return Math.floorMod(seed, bound);
        }
    }

    @Benchmark
    public Object storage(Picker picker) {
        String id = ids[picker.next(ids.length)];
        return db.readOne(c -> store.findWithGroups(c, ctx.directoryId(), "User", id));
    }

    @Benchmark
    public Object read(Picker picker) {
        Object[] answer = new Object[1];
        service.get(ctx, userType, ids[picker.next(ids.length)], Projection.DEFAULT, r -> answer[0] = r);
        return answer[0];
    }

    @Benchmark
    public Object lookup(Picker picker) {
        ListRequest request = ListRequest.of(filters[picker.next(filters.length)], null, null, null, null, null, null,
                null, ProvisioningService.DEFAULT_PAGE_SIZE, ProvisioningService.MAX_PAGE_SIZE);
        Object[] answer = new Object[1];
        service.list(ctx, userType, request, r -> answer[0] = r);
        return answer[0];
    }
}
