package dev.emporium.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import dev.emporium.testsupport.HttpTestClient;
import dev.emporium.testsupport.HttpTestClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in front of fake services, each a tiny HTTP server that answers with its own name, the path it saw
 * and the request id it received: proves every route of DESIGN §9 over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=gateway")
class GatewayRoutingTests {

    static final List<String> SERVICES = List.of("storefront", "identity", "catalog", "cart", "orders", "inventory", "payments",
            "notifications", "media");

    static final Map<String, HttpServer> FAKES = new LinkedHashMap<>();

    static int deadPort;

    @LocalServerPort
    int port;

    HttpTestClient http;

    @DynamicPropertySource
    static void fakeServices(DynamicPropertyRegistry registry) throws IOException {
        for (String service : SERVICES) {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String requestId = exchange.getRequestHeaders().getFirst("X-Request-Id");
                byte[] body = ("{\"service\":\"" + service + "\",\"path\":\"" + exchange.getRequestURI() + "\",\"requestId\":\""
                        + requestId + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.getResponseHeaders().add("Cache-Control", "public, max-age=31536000, immutable");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            FAKES.put(service, server);
            registry.add("spring.cloud.discovery.client.simple.instances." + service + "[0].uri",
                    () -> "http://127.0.0.1:" + server.getAddress().getPort());
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
    }

    @AfterAll
    static void stopFakes() {
        FAKES.values().forEach(server -> server.stop(0));
    }

    @BeforeEach
    void client() {
        this.http = HttpTestClient.forPort(this.port);
    }

    @ParameterizedTest
    @CsvSource({
            "/api/auth/login, identity", "/.well-known/jwks.json, identity",
            "/api/account, identity", "/api/account/addresses/a1, identity",
            "/api/catalog/products?q=lamp, catalog", "/api/admin/products/p1, catalog",
            "/api/cart, cart", "/api/cart/items/p1, cart",
            "/api/orders, orders", "/api/orders/abc, orders", "/api/admin/orders?limit=5, orders",
            "/api/ops/shards, identity", "/api/ops/shards/moves, identity",
            "/api/inventory/p1, inventory", "/api/admin/reservations/o1, inventory",
            "/api/admin/payments?orderId=o1, payments", "/api/admin/notifications?orderId=o1, notifications",
            "/api/ops/messaging/orders/parked, orders", "/api/ops/messaging/inventory/parked, inventory",
            "/api/ops/messaging/payments/parked/replay, payments",
            "/api/ops/messaging/notifications/parked, notifications",
            "/media/products/a-1.svg, media",
            "/, storefront", "/p/p1, storefront", "/css/app.css, storefront" })
    void routesEachPathToItsService(String path, String service) {
        Response response = this.http.get(path);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"service\":\"" + service + "\"").contains("\"path\":\"" + path + "\"");
    }

    @Test
    void givesEveryRequestAnIdThatReachesTheServiceAndTheCaller() {
        Response generated = this.http.get("/api/catalog/products");
        String id = generated.headers().getFirst("X-Request-Id");
        assertThat(id).isNotBlank();
        assertThat(generated.body()).contains("\"requestId\":\"" + id + "\"");

        Response kept = this.http.call(HttpMethod.GET, "/api/catalog/products", null, null,
                Map.of("X-Request-Id", "trace-me-42"));
        assertThat(kept.headers().getFirst("X-Request-Id")).isEqualTo("trace-me-42");
        assertThat(kept.body()).contains("\"requestId\":\"trace-me-42\"");

        Response unsafe = this.http.call(HttpMethod.GET, "/api/catalog/products", null, null,
                Map.of("X-Request-Id", "<script>alert(1)</script>"));
        assertThat(unsafe.headers().getFirst("X-Request-Id")).isNotEqualTo("<script>alert(1)</script>").matches("[0-9a-f-]{36}");
    }

    @Test
    void keepsTheServicesCachingHeaders() {
        Response media = this.http.get("/media/products/a-1.svg");
        assertThat(media.headers().getCacheControl()).isEqualTo("public, max-age=31536000, immutable");
    }

    @Test
    void doesNotRouteInternalOrUnknownApiPaths() {
        for (String path : List.of("/internal/reservations", "/api/nothing-here")) {
            Response response = this.http.get(path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Test
    void answersServiceUnavailableWhenAServiceIsDown() {
        HttpServer inventory = FAKES.get("inventory");
        inventory.stop(0);
        try {
            Response response = this.http.get("/api/inventory/p1");
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(response.headers().getFirst("Retry-After")).isNotBlank();
        }
        finally {
            restart("inventory", inventory.getAddress().getPort());
        }
    }

    private static void restart(String service, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/", exchange -> {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            FAKES.put(service, server);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
