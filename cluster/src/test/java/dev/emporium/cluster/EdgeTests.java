package dev.emporium.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.emporium.testsupport.ChildProcess;
import dev.emporium.testsupport.FreePorts;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cluster mode's edge (Debian's nginx, {@code deploy/local/edge.conf.template}) in front of two stand-in gateways: an
 * idempotent request is served by the other gateway when one cannot be reached or refuses it with a 503; a POST
 * reaches one gateway only; and refusals never take a gateway out of the rotation (under load gateways refuse by
 * design, and an edge that counted those 503s answered 502 to everything: docs/chaos.md). It admits as many outside
 * requests at once as the gateways do together (one each here), refusing the next itself with a 503 problem.
 */
class EdgeTests {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<Gateway> gateways = new ArrayList<>();

    private Path var;

    private Edge edge;

    @BeforeEach
    void start() throws IOException {
        int base = FreePorts.range(3);
        this.gateways.add(new Gateway(base + 1));
        this.gateways.add(new Gateway(base + 2));
        this.var = Files.createTempDirectory("emporium-edge-");
        this.edge = new Edge(base, this.var, ChildProcess.repositoryRootWith("deploy/local"),
                () -> this.gateways.stream().map(Gateway::port).toList(), 1);
        this.edge.start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(this.edge::healthy);
    }

    @AfterEach
    void stop() {
        if (this.edge != null) {
            this.edge.stop();
        }
        this.gateways.forEach(Gateway::stop);
        if (this.var != null) {
            ChildProcess.deleteDirectory(this.var);
        }
    }

    @Test
    void anIdempotentRequestThatAGatewayRefusesIsTriedOnTheOther() throws Exception {
        this.gateways.get(0).refusing = true;

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> ok = get("/ok");
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        }
        assertThat(this.gateways.get(1).served.get()).isEqualTo(10);
    }

    @Test
    void aGatewayThatCannotBeReachedIsPassedOver() throws Exception {
        this.gateways.get(0).stop();

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> ok = get("/ok");
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        }
        assertThat(this.gateways.get(1).served.get()).isEqualTo(10);
    }

    @Test
    void gatewaysThatRefusedEverythingServeTheMomentTheyStop() throws Exception {
        this.gateways.forEach(gateway -> gateway.refusing = true);
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> refused = get("/ok");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).as("the gateway's own problem, not nginx's page").contains("Overloaded");
        }

        this.gateways.forEach(gateway -> gateway.refusing = false);
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> ok = get("/ok");
            assertThat(ok.statusCode()).as("request %d after the refusals: %s", i, ok.body()).isEqualTo(200);
        }
        assertThat(this.gateways).allSatisfy(gateway -> assertThat(gateway.served.get()).isPositive());
    }

    @Test
    void aPostThatAGatewayRefusesIsNotSentToTheOther() throws Exception {
        this.gateways.get(0).refusing = true;

        int refused = 0;
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> answer = this.http.send(HttpRequest.newBuilder(URI.create(this.edge.url() + "/ok"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
            refused += answer.statusCode() == 503 ? 1 : 0;
        }
        assertThat(this.gateways.get(0).attempts.get() + this.gateways.get(1).attempts.get()).as("each POST reaches one gateway")
            .isEqualTo(10);
        assertThat(refused).isEqualTo(this.gateways.get(0).attempts.get()).isPositive();
    }

    @Test
    void outsideRequestsBeyondWhatTheGatewaysAdmitAreRefusedAtTheEdge() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        this.gateways.forEach(gateway -> gateway.hold = release);
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                held.add(this.http.sendAsync(fromOutside("/slow", "198.18.0." + (i + 1)), HttpResponse.BodyHandlers.ofString()));
            }
            Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> this.gateways.get(0).holding.get() + this.gateways.get(1).holding.get() == 2);

            for (int i = 0; i < 10; i++) {
                long start = System.nanoTime();
                HttpResponse<String> refused = this.http.send(fromOutside("/ok", "198.18.0.9"), HttpResponse.BodyHandlers.ofString());
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(refused.body()).contains("\"title\":\"Overloaded\"", "\"status\":503");
            }
            assertThat(this.gateways.get(0).attempts.get() + this.gateways.get(1).attempts.get()).as("refused at the edge")
                .isEqualTo(2);
            assertThat(get("/ok").statusCode()).as("from this machine itself: not counted").isEqualTo(200);
        }
        finally {
            release.countDown();
        }
        for (CompletableFuture<HttpResponse<String>> answer : held) {
            assertThat(answer.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(this.http.send(fromOutside("/ok", "198.18.0.9"), HttpResponse.BodyHandlers.ofString()).statusCode())
            .isEqualTo(200);
    }

    private HttpRequest fromOutside(String path, String client) {
        return HttpRequest.newBuilder(URI.create(this.edge.url() + path))
            .header("X-Forwarded-For", client)
            .timeout(Duration.ofSeconds(5))
            .build();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return this.http.send(HttpRequest.newBuilder(URI.create(this.edge.url() + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A stand-in gateway: {@code /ok} (any method) answers 200, or while {@code refusing} a 503 problem with
     * {@code Retry-After}, as shedding does.
     */
    private static final class Gateway {

        private final HttpServer server;

        final AtomicInteger attempts = new AtomicInteger();

        final AtomicInteger served = new AtomicInteger();

        volatile boolean refusing;

        /** While set, {@code /slow} waits for it before answering 200. */
        volatile CountDownLatch hold = new CountDownLatch(0);

        final AtomicInteger holding = new AtomicInteger();

        Gateway(int port) throws IOException {
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
            this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            this.server.createContext("/slow", exchange -> {
                this.attempts.incrementAndGet();
                this.holding.incrementAndGet();
                try {
                    this.hold.await(10, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                this.holding.decrementAndGet();
                answer(exchange, 200, "application/json", "{\"ok\":true}");
            });
            this.server.createContext("/ok", exchange -> {
                exchange.getRequestBody().readAllBytes();
                this.attempts.incrementAndGet();
                if (this.refusing) {
                    exchange.getResponseHeaders().add("Retry-After", "1");
                    answer(exchange, 503, "application/problem+json",
                            "{\"title\":\"Overloaded\",\"status\":503,\"detail\":\"The service is busy.\"}");
                    return;
                }
                this.served.incrementAndGet();
                answer(exchange, 200, "application/json", "{\"ok\":true}");
            });
            this.server.start();
        }

        int port() {
            return this.server.getAddress().getPort();
        }

        void stop() {
            this.server.stop(0);
        }

        private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
