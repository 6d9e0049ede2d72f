package dev.roster.server;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ShutdownTest {

    @Test
    void stoppingLetsRunningRequestsFinishAndTurnsNewOnesAway() throws Exception {
        TestServer server = TestServer.start();
        ScimClient scim = server.client();
        for (int i = 0; i < 200; i++) scim.post("/Users", "{'userName':'drain" + i + "@example.com','title':'t" + i + "'}");
        int port = Integer.parseInt(scim.get("/Users?count=1").json().at("/Resources/0/meta/location").asText()
                .replaceAll("^http://[^:]+:(\\d+)/.*$", "$1"));

        HttpClient http = HttpClient.newHttpClient();
        ConcurrentLinkedQueue<Object> outcomes = new ConcurrentLinkedQueue<>();
        CountDownLatch started = new CountDownLatch(8);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            pool.submit(() -> {
                started.countDown();
                for (int i = 0; i < 400; i++) {
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + port + "/scim/v2/Users?count=200"))
                                .header("Authorization", "Bearer " + TestServer.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
                        outcomes.add(r.statusCode() == 200 && !r.body().endsWith("]}") ? "truncated" : r.statusCode());
                    } catch (ConnectException refused) {
                        outcomes.add("refused");
                        return;
                    } catch (Exception e) {
                        outcomes.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                        return;
                    }
                }
            });
        }
        started.await();
        Thread.sleep(300);
        long before = System.nanoTime();
        server.close();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(outcomes).contains(200);
        // Every answer is whole: a 200 with its full body, a 503 from the draining server, or a refused connection.
        assertThat(outcomes).allMatch(o -> List.of(200, 503, "refused").contains(o) || String.valueOf(o).contains("closed"),
                "outcomes " + outcomes.stream().filter(o -> !List.of(200, 503, "refused").contains(o)).toList());
        assertThat(stopMillis).isLessThan(9_000);
    }

    @Test
    void failedRequestsDoNotHoldUpTheStop() {
        TestServer server = TestServer.start();
        ScimClient anonymous = server.client().withToken("not-a-valid-token-at-all");
        for (int i = 0; i < 20; i++) assertThat(anonymous.get("/Users").status()).isEqualTo(401);
        for (int i = 0; i < 20; i++) assertThat(server.client().get("/Users/nope").status()).isEqualTo(404);
        long before = System.nanoTime();
        server.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isLessThan(5_000);
    }
}
