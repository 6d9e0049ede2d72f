package dev.roster.bench;

import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.FilterBinder;
import dev.roster.scim.filter.FilterParser;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;
import dev.roster.server.store.Sql;
import dev.roster.server.store.SqlFilterCompiler;
import dev.roster.server.store.Database;
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
import java.util.concurrent.TimeUnit;

/**
 * The cost of turning a filter IdPs send into SQL: parsing alone, and parsing plus schema binding plus
 * compiling (what every filtered list request pays before it reaches the database).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FilterBenchmark {

    @Param({
            "okta-lookup",
            "entra-externalId",
            "entra-valuepath",
            "group-member",
            "compound"})
    public String name;

    private String text;
    private ResourceType type;
    private final SchemaRegistry registry = SchemaRegistry.core();
    private Database db;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        switch (name) {
            case "okta-lookup" -> { text = "userName eq \"test.user@okta.local\""; type = registry.resourceType("User"); }
            case "entra-externalId" -> { text = "externalId eq \"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef\""; type = registry.resourceType("User"); }
            case "entra-valuepath" -> { text = "emails[type eq \"work\"].value eq \"Adele.Vance@contoso.com\""; type = registry.resourceType("User"); }
            case "group-member" -> { text = "members[value eq \"2819c223-7f76-453a-919d-413861904646\"]"; type = registry.resourceType("Group"); }
            case "compound" -> { text = "(userName sw \"a\" or emails co \"@example.com\") and not (active eq false) and "
                    + "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"Eng\""; type = registry.resourceType("User"); }
            default -> throw new IllegalArgumentException(name);
        }
        db = Database.openSqlite(Files.createTempDirectory("roster-bench").resolve("bench.db"), 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() { db.close(); }

    @Benchmark
    public Filter parse() {
        return FilterParser.parse(text);
    }

    @Benchmark
    public Sql parseBindCompile() {
        Filter bound = FilterBinder.bind(FilterParser.parse(text), type, registry);
        return SqlFilterCompiler.compile(bound, type, registry, db.dialect(), "directory");
    }
}
