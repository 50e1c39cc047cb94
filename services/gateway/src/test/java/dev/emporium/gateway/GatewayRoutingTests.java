package dev.emporium.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in front of fake services, each a tiny HTTP server that answers with its own name, the path it saw
 * and the request id it received: proves every route of DESIGN §9 over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=gateway")
class GatewayRoutingTests {

    static final List<String> SERVICES = List.of("storefront", "identity", "catalog", "cart", "orders", "inventory", "media");

    static final Map<String, HttpServer> FAKES = new LinkedHashMap<>();

    static int deadPort;

    @LocalServerPort
    int port;

    RestClient http;

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
        this.http = RestClient.builder().baseUrl("http://localhost:" + this.port)
            .defaultStatusHandler(status -> true, (request, response) -> {
            })
            .build();
    }

    @ParameterizedTest
    @CsvSource({
            "/api/auth/login, identity", "/.well-known/jwks.json, identity",
            "/api/catalog/products?q=lamp, catalog", "/api/admin/products/p1, catalog",
            "/api/cart, cart", "/api/cart/items/p1, cart",
            "/api/orders, orders", "/api/orders/abc, orders",
            "/api/inventory/p1, inventory",
            "/media/products/a-1.svg, media",
            "/, storefront", "/p/p1, storefront", "/css/app.css, storefront" })
    void routesEachPathToItsService(String path, String service) {
        ResponseEntity<String> response = this.http.get().uri(path).retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody()).contains("\"service\":\"" + service + "\"").contains("\"path\":\"" + path + "\"");
    }

    @Test
    void givesEveryRequestAnIdThatReachesTheServiceAndTheCaller() {
        ResponseEntity<String> generated = this.http.get().uri("/api/catalog/products").retrieve().toEntity(String.class);
        String id = generated.getHeaders().getFirst("X-Request-Id");
        assertThat(id).isNotBlank();
        assertThat(generated.getBody()).contains("\"requestId\":\"" + id + "\"");

        ResponseEntity<String> kept = this.http.get().uri("/api/catalog/products").header("X-Request-Id", "trace-me-42")
            .retrieve().toEntity(String.class);
        assertThat(kept.getHeaders().getFirst("X-Request-Id")).isEqualTo("trace-me-42");
        assertThat(kept.getBody()).contains("\"requestId\":\"trace-me-42\"");

        ResponseEntity<String> unsafe = this.http.get().uri("/api/catalog/products").header("X-Request-Id", "<script>alert(1)</script>")
            .retrieve().toEntity(String.class);
        assertThat(unsafe.getHeaders().getFirst("X-Request-Id")).isNotEqualTo("<script>alert(1)</script>").matches("[0-9a-f-]{36}");
    }

    @Test
    void keepsTheServicesCachingHeaders() {
        ResponseEntity<String> media = this.http.get().uri("/media/products/a-1.svg").retrieve().toEntity(String.class);
        assertThat(media.getHeaders().getCacheControl()).isEqualTo("public, max-age=31536000, immutable");
    }

    @Test
    void doesNotRouteInternalOrUnknownApiPaths() {
        for (String path : List.of("/internal/reservations", "/api/nothing-here")) {
            ResponseEntity<String> response = this.http.get().uri(path).retrieve().toEntity(String.class);
            assertThat(response.getStatusCode().value()).as(path).isEqualTo(404);
            assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Test
    void answersServiceUnavailableWhenAServiceIsDown() {
        HttpServer inventory = FAKES.get("inventory");
        inventory.stop(0);
        try {
            ResponseEntity<String> response = this.http.get().uri("/api/inventory/p1").retrieve().toEntity(String.class);
            assertThat(response.getStatusCode().value()).isEqualTo(503);
            assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(response.getHeaders().getFirst("Retry-After")).isNotBlank();
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
