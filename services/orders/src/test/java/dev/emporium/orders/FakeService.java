package dev.emporium.orders;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for another service on a loopback port (JDK HTTP server). It answers only calls that carry a bearer
 * token, as the real service would, and can be switched down: then it drops every connection without answering.
 */
abstract class FakeService {

    static final JsonMapper json = JsonMapper.builder().build();

    private final HttpServer server;

    private volatile boolean down;

    FakeService(String path) {
        try {
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        this.server.createContext(path, exchange -> {
            try (exchange) {
                if (this.down) {
                    return; // closing without a response drops the connection
                }
                String user = subject(exchange.getRequestHeaders().getFirst("Authorization"));
                if (user == null) {
                    send(exchange, 401, "{\"title\":\"Authentication required\",\"status\":401}");
                    return;
                }
                handle(exchange, user);
            }
        });
        this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        this.server.start();
    }

    /** Answers a call made for {@code user} (the token's subject). */
    abstract void handle(HttpExchange exchange, String user) throws IOException;

    String uri() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort();
    }

    void down(boolean down) {
        this.down = down;
    }

    void stop() {
        this.server.stop(0);
    }

    static JsonNode body(HttpExchange exchange) throws IOException {
        return json.readTree(exchange.getRequestBody().readAllBytes());
    }

    static void send(HttpExchange exchange, int status, @Nullable String body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** The subject of the bearer token (its signature was checked by the service that forwarded it). */
    private static @Nullable String subject(@Nullable String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring("Bearer ".length()).split("\\.");
        if (parts.length != 3) {
            return null;
        }
        JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        return claims.hasNonNull("sub") ? claims.get("sub").asString() : null;
    }
}
