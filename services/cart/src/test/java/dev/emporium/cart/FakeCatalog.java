package dev.emporium.cart;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the catalog service on a loopback port: answers {@code GET /api/catalog/products/{id}} from the
 * products put into it, 404 for others, and can be switched to fail (500) or to drop connections (down).
 */
final class FakeCatalog {

    enum Mode { UP, FAILING, DOWN }

    private final HttpServer server;

    private final Map<String, String> products = new ConcurrentHashMap<>();

    private final AtomicInteger requests = new AtomicInteger();

    private volatile Mode mode = Mode.UP;

    private FakeCatalog(HttpServer server) {
        this.server = server;
    }

    static FakeCatalog start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            FakeCatalog catalog = new FakeCatalog(server);
            server.createContext("/api/catalog/products/", catalog::handle);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return catalog;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    String uri() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort();
    }

    void product(String id, String name, long priceMinor) {
        this.products.put(id, """
                {"id":"%s","sku":"SKU-%s","name":"%s","description":"A fine thing.","price":{"amount":%d,"currency":"USD"},
                 "imageUrl":"/media/products/SKU-%s-abc123.svg","categorySlug":"home","categoryName":"Home",
                 "attributes":{"colour":"red"}}
                """.formatted(id, id, name, priceMinor, id));
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    int requests() {
        return this.requests.get();
    }

    void stop() {
        this.server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        this.requests.incrementAndGet();
        try (exchange) {
            if (this.mode == Mode.DOWN) {
                return; // closing without a response drops the connection
            }
            if (this.mode == Mode.FAILING) {
                send(exchange, 500, "application/problem+json", "{\"title\":\"Internal error\",\"status\":500}");
                return;
            }
            String id = exchange.getRequestURI().getPath().substring("/api/catalog/products/".length());
            String product = this.products.get(id);
            if (product == null) {
                send(exchange, 404, "application/problem+json", "{\"title\":\"Product not found\",\"status\":404}");
            }
            else {
                send(exchange, 200, "application/json", product);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
