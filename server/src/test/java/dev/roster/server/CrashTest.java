package dev.roster.server;

import dev.roster.server.config.DatabaseConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write answered 2xx survives the process being killed. SQLite writes are committed in groups; a group is
 * answered only after its commit, so a kill in the middle of a stream of parallel writes loses none that
 * was acknowledged. The server runs as a separate process here, so that it can be killed with SIGKILL.
 */
class CrashTest {
    private static final int WRITERS = 12;

    @Test
    void everyAcknowledgedCreateSurvivesAKill(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process server = startServer(dir, port);
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        try {
            ScimClient scim = new ScimClient(port, TestServer.TOKEN);
            awaitUp(port);
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String name = "crash-" + writer + "-" + i + "@example.com";
                        try {
                            ScimClient.Response r = scim.post("/Users", "{'userName':'" + name + "'}");
                            if (r.status() == 201) acknowledged.put(r.json().get("id").asText(), name);
                        } catch (RuntimeException | AssertionError e) {
                            return; // the server is gone: this request was never acknowledged
                        }
                    }
                });
            }
            // Kill while writes are in flight: once enough were acknowledged, without warning.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acknowledged.size() < 300 && System.nanoTime() < deadline) Thread.sleep(5);
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            stop.set(true);
            writers.shutdown();
            assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            server.destroyForcibly();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);

        try (Roster again = Roster.start(TestServer.config(DatabaseConfig.sqlite(dir)))) {
            ScimClient scim = new ScimClient(again.port(), TestServer.TOKEN);
            List<String> lost = new ArrayList<>();
            acknowledged.forEach((id, name) -> {
                ScimClient.Response r = scim.get("/Users/" + id);
                if (r.status() != 200 || !r.json().get("userName").asText().equals(name)) lost.add(name);
            });
            assertThat(lost).as("acknowledged creates missing after the kill").isEmpty();
        }
    }

    private static Process startServer(Path dir, int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.roster.server.cli.Main", "serve", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--data-dir", dir.toString());
        pb.environment().put("ROSTER_BOOTSTRAP_TOKEN", TestServer.TOKEN);
        pb.environment().put("ROSTER_LOG_LEVEL", "WARN");
        pb.redirectErrorStream(true).redirectOutput(new File(dir.toFile(), "server.out"));
        return pb.start();
    }

    private static void awaitUp(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                        .timeout(Duration.ofSeconds(2)).build();
                HttpResponse<Void> r = http.send(health, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the server did not start");
    }
}
