package dev.emporium.storefront;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * The public API as the gateway serves it, canned per the contract, on a loopback port: two categories, a few
 * products, a login for {@code ada@example.com}/{@code secret}, a cart, and orders. It records every request, accepts
 * the access tokens in {@link #validTokens}, rejects others with 401, and can be switched off (connections dropped).
 */
final class FakeApi {

    static final String ACCESS = jwt("{\"sub\":\"u-1\",\"name\":\"Ada Lovelace\",\"v\":1}");

    static final String FRESH = jwt("{\"sub\":\"u-1\",\"name\":\"Ada Lovelace\",\"v\":2}");

    static final String EXPIRED = jwt("{\"sub\":\"u-1\",\"name\":\"Ada Lovelace\",\"v\":0}");

    static final String REFRESH = "refresh-1";

    static final String ROTATED = "refresh-2";

    record Request(String method, String path, @Nullable String query, Map<String, String> headers, String body) {

        @Nullable String header(String name) {
            return this.headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;

    private final List<Request> requests = new CopyOnWriteArrayList<>();

    final Set<String> validTokens = ConcurrentHashMap.newKeySet();

    private volatile boolean down;

    private FakeApi(HttpServer server) {
        this.server = server;
    }

    static FakeApi start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            FakeApi api = new FakeApi(server);
            server.createContext("/", api::handle);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return api;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    String uri() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort();
    }

    void reset() {
        this.requests.clear();
        this.validTokens.clear();
        this.validTokens.add(ACCESS);
        this.down = false;
    }

    void down(boolean down) {
        this.down = down;
    }

    List<Request> requests() {
        return List.copyOf(this.requests);
    }

    List<Request> requests(String method, String path) {
        return this.requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    void stop() {
        this.server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), headers, body);
            this.requests.add(request);
            if (this.down) {
                return; // closing without a response drops the connection
            }
            route(exchange, request);
        }
    }

    private void route(HttpExchange exchange, Request request) throws IOException {
        String method = request.method();
        String path = request.path();
        Map<String, String> query = query(request.query());
        if (method.equals("GET") && path.equals("/api/catalog/categories")) {
            json(exchange, 200, """
                    [{"id":"c1","name":"Audio","slug":"audio"},{"id":"c2","name":"Kitchen","slug":"kitchen"}]""");
        }
        else if (method.equals("GET") && path.equals("/api/catalog/products/popular")) {
            json(exchange, 200, "[" + summary("p1", "Aurora Headphones", 1999) + "," + summary("p2", "Lumen Speaker", 4500) + "]");
        }
        else if (method.equals("GET") && path.equals("/api/catalog/products")) {
            int page = Integer.parseInt(query.getOrDefault("page", "0"));
            StringBuilder items = new StringBuilder();
            for (int i = 0; i < 24; i++) {
                int n = page * 24 + i + 1;
                items.append(i == 0 ? "" : ",").append(summary("p" + n, "Product " + n, 1000 + n));
            }
            json(exchange, 200, """
                    {"items":[%s],"page":%d,"size":24,"total":70,"totalPages":3}""".formatted(items, page));
        }
        else if (method.equals("GET") && path.equals("/api/catalog/products/p1")) {
            json(exchange, 200, """
                    {"id":"p1","sku":"AUD-0001","name":"Aurora Headphones","description":"Closed-back, warm and quiet.",
                     "price":{"amount":1999,"currency":"USD"},"imageUrl":"/media/products/AUD-0001-abc.svg",
                     "categorySlug":"audio","categoryName":"Audio",
                     "attributes":{"colour":"Graphite","batteryHours":30,"features":["Bluetooth","USB-C"]}}""");
        }
        else if (method.equals("GET") && path.startsWith("/api/catalog/products/")) {
            problem(exchange, 404, "Product not found", "No product has this id.", "");
        }
        else if (method.equals("POST") && path.equals("/api/auth/login")) {
            if (request.body().contains("\"ada@example.com\"") && request.body().contains("\"secret\"")) {
                json(exchange, 200, tokens(ACCESS, REFRESH));
            }
            else {
                problem(exchange, 401, "Bad credentials", "Wrong email or password.", "");
            }
        }
        else if (method.equals("POST") && path.equals("/api/auth/refresh")) {
            if (request.body().contains("\"" + REFRESH + "\"")) {
                this.validTokens.add(FRESH);
                json(exchange, 200, tokens(FRESH, ROTATED));
            }
            else {
                problem(exchange, 401, "Invalid refresh token", "Log in again.", "");
            }
        }
        else if (path.startsWith("/api/cart") || path.startsWith("/api/orders")) {
            String authorization = request.header("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ")
                    || !this.validTokens.contains(authorization.substring(7))) {
                problem(exchange, 401, "Invalid token", "The bearer token is invalid or expired.", "");
                return;
            }
            authenticated(exchange, request);
        }
        else {
            problem(exchange, 404, "Not found", "", "");
        }
    }

    private void authenticated(HttpExchange exchange, Request request) throws IOException {
        String method = request.method();
        String path = request.path();
        if (method.equals("GET") && path.equals("/api/cart")) {
            json(exchange, 200, cart());
        }
        else if (method.equals("GET") && path.startsWith("/api/cart/items/")) {
            problem(exchange, 404, "Item not in cart", "", "");
        }
        else if (method.equals("PUT") && path.startsWith("/api/cart/items/")) {
            json(exchange, 200, cart());
        }
        else if (method.equals("POST") && path.equals("/api/orders")) {
            if (request.body().contains("\"Nowhere\"")) {
                problem(exchange, 400, "Validation failed", "The request has invalid fields.",
                        ",\"errors\":[{\"field\":\"shippingAddress.city\",\"message\":\"is not a city we ship to\"}]");
            }
            else {
                exchange.getResponseHeaders().set("Location", "/api/orders/o-1");
                json(exchange, 202, "{\"id\":\"o-1\",\"status\":\"PENDING\"}");
            }
        }
        else if (method.equals("GET") && path.equals("/api/orders")) {
            json(exchange, 200, """
                    [{"id":"o-1","status":"CONFIRMED","total":{"amount":3998,"currency":"USD"},"itemCount":2,
                      "createdAt":"2026-03-01T10:15:30Z"}]""");
        }
        else if (method.equals("GET") && path.equals("/api/orders/o-1")) {
            json(exchange, 200, """
                    {"id":"o-1","status":"CONFIRMED","items":[{"productId":"p1","name":"Aurora Headphones",
                      "imageUrl":"/media/products/AUD-0001-abc.svg","quantity":2,"unitPrice":{"amount":1999,"currency":"USD"},
                      "lineTotal":{"amount":3998,"currency":"USD"}}],"total":{"amount":3998,"currency":"USD"},"itemCount":2,
                     "shippingAddress":{"name":"Ada Lovelace","line1":"1 Analytical Way","city":"London","postalCode":"N1 9GU","country":"GB"},
                     "createdAt":"2026-03-01T10:15:30Z"}""");
        }
        else if (method.equals("GET") && path.startsWith("/api/orders/")) {
            problem(exchange, 404, "Order not found", "", "");
        }
        else {
            problem(exchange, 404, "Not found", "", "");
        }
    }

    private static String cart() {
        return """
                {"items":[{"productId":"p1","name":"Aurora Headphones","imageUrl":"/media/products/AUD-0001-abc.svg",
                  "quantity":2,"unitPrice":{"amount":1999,"currency":"USD"},"lineTotal":{"amount":3998,"currency":"USD"}}],
                 "total":{"amount":3998,"currency":"USD"},"itemCount":2}""";
    }

    private static String summary(String id, String name, long amount) {
        return """
                {"id":"%s","name":"%s","price":{"amount":%d,"currency":"USD"},"imageUrl":"/media/products/%s.svg",
                 "categorySlug":"audio","categoryName":"Audio"}""".formatted(id, name, amount, id);
    }

    private static String tokens(String access, String refresh) {
        return """
                {"accessToken":"%s","refreshToken":"%s","tokenType":"Bearer","expiresIn":900}""".formatted(access, refresh);
    }

    private static String jwt(String claims) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    private static Map<String, String> query(@Nullable String query) {
        Map<String, String> parameters = new HashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return parameters;
    }

    private static void problem(HttpExchange exchange, int status, String title, String detail, String extra)
            throws IOException {
        send(exchange, status, "application/problem+json", """
                {"type":"about:blank","title":"%s","status":%d,"detail":"%s"%s}""".formatted(title, status, detail, extra));
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "application/json", body);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
