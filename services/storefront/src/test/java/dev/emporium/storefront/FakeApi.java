package dev.emporium.storefront;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The public API as the gateway serves it, canned per the contract, on a loopback port: two categories, a few
 * products, a login for {@code ada@example.com}/{@code secret}, a cart, orders, and Ada's profile with two saved
 * addresses (a-1 the default, a-2), which the account endpoints change and validate as the contract says. It records
 * every request, accepts the access tokens in {@link #validTokens}, rejects others with 401, and can be switched off
 * (connections dropped), or only its account endpoints (503, identity down). For the operations console it signs
 * real RS256 tokens ({@link #ADMIN}, {@link #CUSTOMER}) with a key of its own, serves that key as identity's JWKS
 * ({@code /.well-known/jwks.json}) and answers {@code GET /api/ops/shards} to the admin (or 503, {@link #opsDown}).
 */
final class FakeApi {

    static final String ACCESS = jwt("{\"sub\":\"u-1\",\"name\":\"Ada Lovelace\",\"v\":1}");

    static final String FRESH = jwt("{\"sub\":\"u-1\",\"name\":\"Ada Lovelace\",\"v\":2}");

    static final String EXPIRED = jwt("{\"sub\":\"u-1\",\"name\":\"Ada Lovelace\",\"v\":0}");

    static final String REFRESH = "refresh-1";

    static final String ROTATED = "refresh-2";

    private static final RSAKey KEY = key();

    /** Signed by identity's (this fake's) key, with the admin role. */
    static final String ADMIN = signed("""
            {"sub":"u-9","name":"Grace Hopper","roles":["customer","admin"],"exp":%d}""");

    /** Signed by identity's key, a customer only. */
    static final String CUSTOMER = signed("""
            {"sub":"u-2","name":"Charles Babbage","roles":["customer"],"exp":%d}""");

    /** Claims the admin role but is not signed by identity's key. */
    static final String FORGED_ADMIN = jwt("""
            {"sub":"u-6","name":"Mallory","roles":["customer","admin"],"exp":%d}""".formatted(inAnHour()));

    record Request(String method, String path, @Nullable String query, Map<String, String> headers, String body) {

        @Nullable String header(String name) {
            return this.headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;

    private final List<Request> requests = new CopyOnWriteArrayList<>();

    final Set<String> validTokens = ConcurrentHashMap.newKeySet();

    private volatile boolean down;

    private volatile boolean accountDown;

    private volatile boolean opsDown;

    private final JsonMapper json = JsonMapper.builder().build();

    /** Ada's profile: name, marketingOptIn, defaultAddressId; and her addresses by id, in the order added. */
    private final Map<String, @Nullable Object> profile = new HashMap<>();

    private final Map<String, Map<String, String>> addresses = new LinkedHashMap<>();

    private int addressesAdded;

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
        this.validTokens.add(ADMIN);
        this.validTokens.add(CUSTOMER);
        this.down = false;
        this.accountDown = false;
        this.opsDown = false;
        synchronized (this.profile) {
            this.profile.put("name", "Ada Lovelace");
            this.profile.put("marketingOptIn", false);
            this.profile.put("defaultAddressId", "a-1");
            this.addresses.clear();
            this.addresses.put("a-1", address("Ada Lovelace", "1 Analytical Way", "London", "N1 9GU", "GB"));
            this.addresses.put("a-2", address("Ada Lovelace", "10 Engine Street", "Paris", "75001", "FR"));
            this.addressesAdded = 2;
        }
    }

    void down(boolean down) {
        this.down = down;
    }

    /** Identity down: the account endpoints answer 503, everything else works. */
    void accountDown(boolean down) {
        this.accountDown = down;
    }

    /** Identity cannot gather the shard map: {@code /api/ops/shards} answers 503. */
    void opsDown(boolean down) {
        this.opsDown = down;
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
        else if (method.equals("GET") && path.equals("/.well-known/jwks.json")) {
            json(exchange, 200, new JWKSet(KEY.toPublicJWK()).toString());
        }
        else if (path.startsWith("/api/cart") || path.startsWith("/api/orders") || path.startsWith("/api/account")
                || path.startsWith("/api/ops")) {
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
        if (path.startsWith("/api/ops")) {
            if (!ADMIN.equals(request.header("Authorization").substring(7))) {
                problem(exchange, 403, "Forbidden", "Administrators only.", "");
            }
            else if (this.opsDown) {
                problem(exchange, 503, "Service unavailable", "identity cannot gather the shard map", "");
            }
            else if (method.equals("GET") && path.equals("/api/ops/shards")) {
                json(exchange, 200, SHARDS);
            }
            else {
                problem(exchange, 404, "Not found", "", "");
            }
        }
        else if (path.startsWith("/api/account")) {
            if (this.accountDown) {
                problem(exchange, 503, "Service unavailable", "identity is down", "");
            }
            else {
                synchronized (this.profile) {
                    account(exchange, request);
                }
            }
        }
        else if (method.equals("GET") && path.equals("/api/cart")) {
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

    /** The account endpoints, under the profile's lock. */
    private void account(HttpExchange exchange, Request request) throws IOException {
        String method = request.method();
        String path = request.path();
        String id = path.startsWith("/api/account/addresses/") ? path.substring("/api/account/addresses/".length()) : null;
        if (method.equals("GET") && path.equals("/api/account")) {
            json(exchange, 200, profileJson());
        }
        else if (method.equals("PATCH") && path.equals("/api/account")) {
            JsonNode changes = this.json.readTree(request.body());
            Map<String, String> errors = new LinkedHashMap<>();
            if (changes.has("name") && changes.get("name").asString("").isBlank()) {
                errors.put("name", "must not be blank");
            }
            JsonNode defaultId = changes.get("defaultAddressId");
            if (defaultId != null && !defaultId.isNull() && !this.addresses.containsKey(defaultId.asString())) {
                errors.put("defaultAddressId", "is not one of your addresses");
            }
            if (!errors.isEmpty()) {
                validationProblem(exchange, errors);
                return;
            }
            if (changes.has("name")) {
                this.profile.put("name", changes.get("name").asString());
            }
            if (changes.has("marketingOptIn")) {
                this.profile.put("marketingOptIn", changes.get("marketingOptIn").asBoolean());
            }
            if (defaultId != null) {
                this.profile.put("defaultAddressId", defaultId.isNull() ? null : defaultId.asString());
            }
            json(exchange, 200, profileJson());
        }
        else if (method.equals("POST") && path.equals("/api/account/addresses")) {
            Map<String, String> address = addressFrom(request);
            Map<String, String> errors = invalid(address);
            if (!errors.isEmpty()) {
                validationProblem(exchange, errors);
            }
            else if (this.addresses.size() >= 20) {
                problem(exchange, 409, "Too many addresses", "An account keeps at most 20 addresses.", "");
            }
            else {
                String newId = "a-" + (++this.addressesAdded);
                this.addresses.put(newId, address);
                if (this.profile.get("defaultAddressId") == null) {
                    this.profile.put("defaultAddressId", newId);
                }
                exchange.getResponseHeaders().set("Location", "/api/account/addresses/" + newId);
                json(exchange, 201, addressJson(newId));
            }
        }
        else if (id != null && !this.addresses.containsKey(id)) {
            problem(exchange, 404, "Address not found", "No address of this account has this id.", "");
        }
        else if (id != null && method.equals("GET")) {
            json(exchange, 200, addressJson(id));
        }
        else if (id != null && method.equals("PUT")) {
            Map<String, String> address = addressFrom(request);
            Map<String, String> errors = invalid(address);
            if (!errors.isEmpty()) {
                validationProblem(exchange, errors);
                return;
            }
            this.addresses.put(id, address);
            json(exchange, 200, addressJson(id));
        }
        else if (id != null && method.equals("DELETE")) {
            this.addresses.remove(id);
            if (id.equals(this.profile.get("defaultAddressId"))) {
                this.profile.put("defaultAddressId", null);
            }
            exchange.sendResponseHeaders(204, -1);
        }
        else {
            problem(exchange, 404, "Not found", "", "");
        }
    }

    private String profileJson() {
        ObjectNode node = this.json.createObjectNode();
        node.put("id", "u-1");
        node.put("email", "ada@example.com");
        node.put("name", (String) this.profile.get("name"));
        node.put("marketingOptIn", (Boolean) this.profile.get("marketingOptIn"));
        node.put("defaultAddressId", (String) this.profile.get("defaultAddressId"));
        ArrayNode list = node.putArray("addresses");
        this.addresses.keySet().forEach(id -> list.add(this.json.readTree(addressJson(id))));
        node.put("createdAt", "2026-03-01T10:15:30Z");
        return this.json.writeValueAsString(node);
    }

    private String addressJson(String id) {
        Map<String, String> address = new LinkedHashMap<>();
        address.put("id", id);
        address.putAll(this.addresses.get(id));
        return this.json.writeValueAsString(address);
    }

    private Map<String, String> addressFrom(Request request) {
        JsonNode body = this.json.readTree(request.body());
        Map<String, String> address = new LinkedHashMap<>();
        for (String field : List.of("name", "line1", "city", "postalCode", "country")) {
            address.put(field, body.has(field) ? body.get(field).asString("") : "");
        }
        return address;
    }

    /** The contract's rules: fields not blank, a postal code of at most 16 characters, a known upper-case country. */
    private static Map<String, String> invalid(Map<String, String> address) {
        Map<String, String> errors = new LinkedHashMap<>();
        address.forEach((field, value) -> {
            if (value.isBlank()) {
                errors.put(field, "must not be blank");
            }
        });
        if (address.get("postalCode").length() > 16) {
            errors.putIfAbsent("postalCode", "size must be between 1 and 16");
        }
        if (!Set.of(Locale.getISOCountries()).contains(address.get("country"))) {
            errors.putIfAbsent("country", "is not an ISO 3166-1 alpha-2 country code");
        }
        return errors;
    }

    private void validationProblem(HttpExchange exchange, Map<String, String> errors) throws IOException {
        StringBuilder list = new StringBuilder();
        errors.forEach((field, message) -> list.append(list.isEmpty() ? "" : ",")
            .append("{\"field\":\"").append(field).append("\",\"message\":\"").append(message).append("\"}"));
        problem(exchange, 400, "Validation failed", "The request has invalid fields.", ",\"errors\":[" + list + "]");
    }

    private static Map<String, String> address(String name, String line1, String city, String postalCode, String country) {
        Map<String, String> address = new LinkedHashMap<>();
        address.put("name", name);
        address.put("line1", line1);
        address.put("city", city);
        address.put("postalCode", postalCode);
        address.put("country", country);
        return address;
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

    /** The shard map of embedded mode: two shards of 2048 buckets, with what identity and orders keep on each. */
    private static final String SHARDS = """
            {"mapVersion":7,"buckets":4096,"shards":[
              {"id":"s0","buckets":2048,"ranges":["0-2047"],"services":{
                "identity":{"server":"h2:file:data/identity/s0","rows":{"users":12,"addresses":3}},
                "orders":{"server":"h2:file:data/orders/s0","rows":{"orders":40,"outbox":0}}}},
              {"id":"s1","buckets":2048,"ranges":["2048-4095"],"services":{
                "identity":{"server":"h2:file:data/identity/s1","rows":{"users":9,"addresses":1}},
                "orders":{"server":"h2:file:data/orders/s1","rows":{"orders":31,"outbox":2}}}}],
             "unavailableServices":["cart"]}""";

    private static RSAKey key() {
        try {
            return new RSAKeyGenerator(2048).keyID("fake-identity").generate();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** An RS256 token signed by the fake identity's key; {@code %d} in the claims becomes an expiry an hour away. */
    private static String signed(String claims) {
        try {
            JWSObject token = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(),
                    new Payload(claims.formatted(inAnHour())));
            token.sign(new RSASSASigner(KEY));
            return token.serialize();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static long inAnHour() {
        return Instant.now().plusSeconds(3600).getEpochSecond();
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
