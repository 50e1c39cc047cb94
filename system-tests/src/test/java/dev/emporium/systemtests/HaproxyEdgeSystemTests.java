package dev.emporium.systemtests;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.emporium.testsupport.haproxy.Haproxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HAProxy edge of cluster mode ({@code deploy/haproxy}), run by a real HAProxy (Debian's package) in front of two
 * small gateways: JDK HTTP servers whose {@code /readyz} a test can turn to 503, as a gateway does when it drains.
 * The active checks take a draining gateway out before it stops and a dead one out after two failed checks; in both
 * cases no request fails, and a POST is never sent twice.
 */
class HaproxyEdgeSystemTests {

    private static final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();

    private Gateway first;

    private Gateway second;

    private Haproxy edge;

    @BeforeEach
    void start() throws IOException {
        this.first = new Gateway("gateway-1");
        this.second = new Gateway("gateway-2");
        this.edge = Haproxy.inFrontOf(this.first.port(), this.second.port());
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
            .until(() -> this.edge.serverStates().equals(Map.of("gateway-1", "UP", "gateway-2", "UP")));
    }

    @AfterEach
    void stop() {
        try {
            this.edge.close();
        }
        finally {
            this.first.stop();
            this.second.stop();
        }
    }

    @Test
    void requestsReachBothGatewaysWithTheClientAddressAppendedToXForwardedFor() throws Exception {
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = get("/api/products", "198.18.0.7");
            assertThat(response.statusCode()).isEqualTo(200);
        }
        HttpResponse<String> direct = get("/api/products", null);

        assertThat(direct.statusCode()).isEqualTo(200);
        assertThat(this.first.served.get()).isPositive();
        assertThat(this.second.served.get()).isPositive();
        List<String> forwarded = new java.util.ArrayList<>(this.first.forwardedFor);
        forwarded.addAll(this.second.forwardedFor);
        assertThat(forwarded).filteredOn(value -> value.startsWith("198.18.0.7")).hasSize(20)
            .allMatch("198.18.0.7, 127.0.0.1"::equals);
        // Without the header, the peer alone.
        assertThat(forwarded).containsOnlyOnce("127.0.0.1");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(this.edge.statsUrl() + "metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("haproxy_server_status");
    }

    @Test
    void aGatewayWhoseReadinessTurns503IsTakenOutBeforeItStopsAndNoRequestFails() throws Exception {
        try (Traffic traffic = new Traffic()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> this.first.served.get() > 5 && this.second.served.get() > 5);

            this.first.ready.set(false);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> this.edge.serverStates().get("gateway-1").startsWith("DOWN"));
            int servedWhenOut = this.first.served.get();
            int secondBefore = this.second.served.get();
            // Out of rotation: it gets nothing more while the traffic goes on, so it can stop.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> this.first.served.get() == servedWhenOut);
            assertThat(this.second.served.get()).isGreaterThan(secondBefore);
            this.first.stop();
            int afterStop = this.second.served.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> this.second.served.get() > afterStop + 20);

            assertThat(traffic.stop()).isGreaterThan(40);
            assertThat(traffic.failures).as(this.edge.log()).isEmpty();
        }
    }

    @Test
    void aKilledGatewayGetsNoTrafficOnceItsChecksFailAndNoGetFails() throws Exception {
        try (Traffic traffic = new Traffic()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> this.first.served.get() > 5 && this.second.served.get() > 5);

            this.second.stop();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> this.edge.serverStates().get("gateway-2").startsWith("DOWN"));
            int firstAfterDown = this.first.served.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> this.first.served.get() > firstAfterDown + 20);

            assertThat(traffic.stop()).isGreaterThan(40);
            // Requests on a connection the dead gateway closed, or sent as it died, were tried again on the other.
            assertThat(traffic.failures).as(this.edge.log()).isEmpty();
        }
    }

    @Test
    void aGetThatGotNoAnswerIsRetriedOnTheOtherGatewayButAPostIsNeverSentTwice() throws Exception {
        this.first.hangUp.set(true);
        for (int i = 0; i < 10; i++) {
            assertThat(get("/api/products", null).statusCode()).isEqualTo(200);
        }
        assertThat(this.first.hungUp.get()).as("some GETs reached the gateway that hangs up").isPositive();

        this.second.hangUp.set(true);
        int posts = 6;
        for (int i = 0; i < posts; i++) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(this.edge.url() + "/api/orders"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(502);
            }
            catch (IOException ex) {
                // On a kept-alive connection HAProxy answers a server's hang-up by closing the client's connection
                // too, as the server did: the client sees what it would have seen without the edge.
            }
        }
        // Each POST reached one gateway once: neither the edge nor the client sent one again.
        assertThat(this.first.posts.get() + this.second.posts.get()).isEqualTo(posts);
    }

    private HttpResponse<String> get(String path, String forwardedFor) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.edge.url() + path)).timeout(Duration.ofSeconds(10));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GETs through the edge from two clients, one after another each, until stopped (at most a minute). */
    private final class Traffic implements AutoCloseable {

        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

        private final AtomicBoolean running = new AtomicBoolean(true);

        private final AtomicInteger sent = new AtomicInteger();

        private final java.util.concurrent.ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

        private final List<Future<?>> clients;

        Traffic() {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            this.clients = List.of(this.executor.submit(() -> loop(deadline)), this.executor.submit(() -> loop(deadline)));
        }

        private void loop(long deadline) {
            while (this.running.get() && System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> response = get("/api/products", "198.18.0.9");
                    if (response.statusCode() != 200) {
                        this.failures.add(response.statusCode() + " " + response.body());
                    }
                }
                catch (IOException ex) {
                    this.failures.add(ex.toString());
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
                this.sent.incrementAndGet();
            }
        }

        /** Stops the clients and returns how many requests they sent. */
        int stop() throws Exception {
            this.running.set(false);
            for (Future<?> client : this.clients) {
                client.get(20, TimeUnit.SECONDS);
            }
            return this.sent.get();
        }

        @Override
        public void close() {
            this.running.set(false);
            this.executor.shutdownNow();
        }
    }

    /**
     * A stand-in gateway: {@code /readyz} answers 200 or 503, everything else 200 with its name; it can hang up on
     * requests instead (close the connection without an answer, as a process that dies mid-request).
     */
    private static final class Gateway {

        final AtomicBoolean ready = new AtomicBoolean(true);

        final AtomicBoolean hangUp = new AtomicBoolean();

        final AtomicInteger served = new AtomicInteger();

        final AtomicInteger hungUp = new AtomicInteger();

        final AtomicInteger posts = new AtomicInteger();

        final ConcurrentLinkedQueue<String> forwardedFor = new ConcurrentLinkedQueue<>();

        private final HttpServer server;

        private volatile boolean stopped;

        Gateway(String name) throws IOException {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            this.server.createContext("/readyz", exchange -> respond(exchange, this.ready.get() ? 200 : 503, "ready"));
            this.server.createContext("/", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    body.readAllBytes();
                }
                if (exchange.getRequestMethod().equals("POST")) {
                    this.posts.incrementAndGet();
                }
                if (this.hangUp.get()) {
                    this.hungUp.incrementAndGet();
                    // No status line: closing the exchange before sending headers drops the connection.
                    exchange.close();
                    return;
                }
                String forwarded = exchange.getRequestHeaders().getFirst("X-Forwarded-For");
                if (forwarded != null) {
                    this.forwardedFor.add(forwarded);
                }
                this.served.incrementAndGet();
                respond(exchange, 200, name);
            });
            this.server.start();
        }

        int port() {
            return this.server.getAddress().getPort();
        }

        /** Closes the listener and every connection at once, as a process that was killed. */
        void stop() {
            if (!this.stopped) {
                this.stopped = true;
                this.server.stop(0);
            }
        }

        private static void respond(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
