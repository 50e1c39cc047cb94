package dev.emporium.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.emporium.testsupport.HttpTestClient;
import dev.emporium.testsupport.HttpTestClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's resilience over real HTTP, in front of fake instances (JDK HTTP servers on loopback) and dead ports:
 * retries on another instance, an open breaker, load shedding and the login rate limit (DESIGN §7).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=gateway",
        "emporium.gateway.shedding.max-concurrent=2", "emporium.gateway.shedding.max-wait=0ms",
        "emporium.gateway.rate-limits.auth.permits=3", "emporium.gateway.rate-limits.auth.period=1m",
        "emporium.gateway.rate-limits.auth.burst=3",
        "emporium.resilience.services.cart.breaker-window=4", "emporium.resilience.services.cart.breaker-minimum-calls=4",
        "emporium.resilience.services.cart.breaker-open=30s" })
class GatewayResilienceTests {

    static final List<HttpServer> SERVERS = new ArrayList<>();

    static final AtomicInteger catalogCalls = new AtomicInteger();

    static final List<String> orderBodies = new CopyOnWriteArrayList<>();

    static final AtomicInteger slowInFlight = new AtomicInteger();

    static volatile CountDownLatch slowRelease = new CountDownLatch(0);

    @LocalServerPort
    int port;

    HttpTestClient http;

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) throws IOException {
        // Each service with a dead instance listed first: refused connections, as after a SIGKILL.
        String dead = "http://127.0.0.1:" + deadPort();
        instances(registry, "catalog", dead, serve(exchange -> {
            catalogCalls.incrementAndGet();
            return "{\"service\":\"catalog\"}";
        }));
        instances(registry, "orders", dead, serve(exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            orderBodies.add(exchange.getRequestHeaders().getFirst("Idempotency-Key") + " " + body);
            return "{\"service\":\"orders\"}";
        }));
        instances(registry, "identity", serve(exchange -> "{\"service\":\"identity\"}"));
        instances(registry, "media", serve(exchange -> {
            slowInFlight.incrementAndGet();
            try {
                slowRelease.await(10, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            finally {
                slowInFlight.decrementAndGet();
            }
            return "{\"service\":\"media\"}";
        }));
        instances(registry, "cart", dead);
    }

    @AfterAll
    static void stop() {
        slowRelease.countDown();
        SERVERS.forEach(server -> server.stop(0));
    }

    @BeforeEach
    void client() {
        this.http = HttpTestClient.forPort(this.port);
    }

    @Test
    void idempotentRequestsGoToAnotherInstanceWhenOneRefusesConnections() {
        for (int i = 0; i < 10; i++) {
            assertThat(this.http.get("/api/catalog/products/p" + i).status()).isEqualTo(200);
        }
        assertThat(catalogCalls.get()).isEqualTo(10);

        Response checkout = this.http.call(HttpMethod.POST, "/api/orders", Map.of("cartVersion", 3), "Bearer x",
                Map.of("Idempotency-Key", "order-key-1"));
        assertThat(checkout.status()).isEqualTo(200);
        assertThat(orderBodies).containsExactly("order-key-1 {\"cartVersion\":3}");
    }

    @Test
    void anOpenBreakerAnswers503AtOnce() {
        for (int i = 0; i < 4; i++) {
            this.http.get("/api/cart").assertProblem(503);
        }
        long start = System.nanoTime();
        Response open = this.http.get("/api/cart");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        open.assertProblem(503);
        assertThat(open.headers().getFirst("Retry-After")).isEqualTo("30");
        assertThat(took).isLessThan(Duration.ofMillis(200));
    }

    @Test
    void shedsRequestsBeyondTheCapFastAndRecovers() throws Exception {
        slowRelease = new CountDownLatch(1);
        List<Thread> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                slow.add(Thread.ofVirtual().start(() -> fromOutside("/media/slow.svg", "198.18.0.20")));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> slowInFlight.get() == 2);

            List<Long> rejections = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                long start = System.nanoTime();
                Response shed = fromOutside("/api/catalog/products", "198.18.0.21");
                rejections.add(System.nanoTime() - start);
                assertThat(shed.status()).isEqualTo(503);
                assertThat(shed.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
                assertThat(shed.headers().getFirst("Retry-After")).isEqualTo("1");
            }
            rejections.sort(null);
            assertThat(Duration.ofNanos(rejections.get(48))).as("p98 of rejections").isLessThan(Duration.ofMillis(50));
            assertThat(this.http.get("/readyz").status()).as("probes are never shed").isEqualTo(200);
            // The platform calling itself (the storefront, for a page already let in): directly, or through the edge,
            // which names the machine as the client.
            assertThat(this.http.get("/api/catalog/products").status()).as("from this machine").isEqualTo(200);
            assertThat(fromOutside("/api/catalog/products", "127.0.0.1").status()).as("from this machine through the edge")
                .isEqualTo(200);
        }
        finally {
            slowRelease.countDown();
        }
        for (Thread thread : slow) {
            thread.join(Duration.ofSeconds(5));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> slowInFlight.get() == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> fromOutside("/api/catalog/products", "198.18.0.21").status() == 200);
    }

    /** A request through the edge from {@code client}, the address nginx appends to {@code X-Forwarded-For}. */
    private Response fromOutside(String path, String client) {
        return this.http.call(HttpMethod.GET, path, null, null, Map.of("X-Forwarded-For", client));
    }

    @Test
    void limitsLoginsPerClientAddress() {
        for (int i = 0; i < 3; i++) {
            assertThat(login("198.18.0.7").status()).isEqualTo(200);
        }
        Response limited = login("198.18.0.7");
        limited.assertProblem(429);
        assertThat(Long.parseLong(limited.headers().getFirst("Retry-After"))).isBetween(1L, 60L);

        assertThat(login("198.18.0.8").status()).as("another address").isEqualTo(200);
        // A forged entry to the left of the one the edge appended does not make another client: still limited.
        this.http.call(HttpMethod.POST, "/api/auth/login", Map.of("email", "a@b.c"), null,
                Map.of("X-Forwarded-For", "203.0.113.9, 198.18.0.7")).assertProblem(429);
    }

    private Response login(String client) {
        return this.http.call(HttpMethod.POST, "/api/auth/login", Map.of("email", "a@b.c"), null,
                Map.of("X-Forwarded-For", client));
    }

    private static void instances(DynamicPropertyRegistry registry, String service, String... uris) {
        for (int i = 0; i < uris.length; i++) {
            String uri = uris[i];
            registry.add("spring.cloud.discovery.client.simple.instances." + service + "[" + i + "].uri", () -> uri);
        }
    }

    interface Answer {

        String body(com.sun.net.httpserver.HttpExchange exchange) throws IOException;
    }

    private static String serve(Answer answer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body = answer.body(exchange).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        SERVERS.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
