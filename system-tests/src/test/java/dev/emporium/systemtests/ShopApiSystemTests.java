package dev.emporium.systemtests;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import dev.emporium.embedded.EmbeddedPlatform;
import dev.emporium.testsupport.HttpTestClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole embedded platform, driven through the gateway over the public API as a customer's program would:
 * register, log in, browse, search, fill a cart, check out, see the order; plus the guarantees users rely on.
 */
@ExtendWith(RunningPlatform.Extension.class)
class ShopApiSystemTests {

    static Api api;

    static final Map<String, Object> ADDRESS = Map.of("name", "Ada Lovelace", "line1", "12 Analytical Row",
            "city", "London", "postalCode", "NW1 6XE", "country", "GB");

    @BeforeAll
    static void platform(RunningPlatform platform) {
        api = new Api(platform.gatewayUrl());
    }

    @Test
    void aCustomerShopsFromRegistrationToOrder() {
        String email = "shopper-" + UUID.randomUUID() + "@example.test";
        JsonNode registered = api.post("/api/auth/register", null,
                Map.of("email", email, "password", "correct horse battery", "name", "Shopper")).expect(201).json();
        assertThat(registered.get("id").asString()).isNotBlank();
        assertThat(registered.get("email").asString()).isEqualTo(email);
        JsonNode tokens = api.post("/api/auth/login", null, Map.of("email", email, "password", "correct horse battery"))
            .expect(200).json();
        assertThat(tokens.get("tokenType").asString()).isEqualTo("Bearer");
        String token = tokens.get("accessToken").asString();

        // Browse: categories, a category page, a search, a product page.
        JsonNode categories = api.get("/api/catalog/categories", null).expect(200).json();
        assertThat(categories.size()).isGreaterThanOrEqualTo(10);
        String slug = categories.get(1).get("slug").asString();
        JsonNode listing = api.get("/api/catalog/products?category=" + slug + "&page=1&size=12", null).expect(200).json();
        assertThat(listing.get("items").size()).isEqualTo(12);
        assertThat(listing.get("page").asInt()).isEqualTo(1);
        JsonNode search = api.get("/api/catalog/products?q=lamp", null).expect(200).json();
        assertThat(search.get("total").asLong()).isPositive();
        JsonNode first = listing.get("items").get(0);
        JsonNode second = search.get("items").get(0);
        JsonNode product = api.get("/api/catalog/products/" + first.get("id").asString(), null).expect(200).json();
        assertThat(product.get("attributes").size()).isPositive();

        // The product's image comes from the media service, cacheable for a year.
        HttpTestClient.Response image = api.get(product.get("imageUrl").asString(), null).expect(200);
        assertThat(image.headers().getContentType().toString()).startsWith("image/svg+xml");
        assertThat(image.headers().getCacheControl()).contains("max-age=31536000").contains("immutable");

        // Fill the cart with two products.
        api.put("/api/cart/items/" + first.get("id").asString(), token, Map.of("quantity", 2)).expect(200);
        JsonNode cart = api.put("/api/cart/items/" + second.get("id").asString(), token, Map.of("quantity", 1)).expect(200).json();
        assertThat(cart.get("items").size()).isEqualTo(2);
        long expectedTotal = 2 * first.get("price").get("amount").asLong() + second.get("price").get("amount").asLong();
        assertThat(cart.get("total").get("amount").asLong()).isEqualTo(expectedTotal);

        // Check out; the same Idempotency-Key returns the same order, never a second one.
        String key = UUID.randomUUID().toString();
        Map<String, Object> checkout = Map.of("shippingAddress", ADDRESS, "paymentToken", "tok_visa");
        JsonNode placed = api.call(HttpMethod.POST, "/api/orders", token, checkout, Map.of("Idempotency-Key", key)).expect(202).json();
        String orderId = placed.get("id").asString();
        assertThat(placed.get("status").asString()).isIn("PENDING", "CONFIRMED");
        JsonNode again = api.call(HttpMethod.POST, "/api/orders", token, checkout, Map.of("Idempotency-Key", key)).expect(202).json();
        assertThat(again.get("id").asString()).isEqualTo(orderId);

        // The order is listed and shown; the cart is empty.
        JsonNode orders = api.get("/api/orders", token).expect(200).json();
        assertThat(orders.size()).isEqualTo(1);
        assertThat(orders.get(0).get("id").asString()).isEqualTo(orderId);
        // The saga reserves the stock, charges the card and confirms the order, asynchronously.
        JsonNode order = api.awaitOrder(orderId, token, "CONFIRMED");
        assertThat(order.get("items").size()).isEqualTo(2);
        assertThat(order.get("total").get("amount").asLong()).isEqualTo(expectedTotal);
        assertThat(api.get("/api/cart", token).expect(200).json().get("items").size()).isZero();

        // Another customer sees none of it.
        String other = api.newCustomer("other-" + UUID.randomUUID() + "@example.test", "Other");
        api.get("/api/orders/" + orderId, other).assertProblem(404);
        assertThat(api.get("/api/orders", other).expect(200).json().size()).isZero();
    }

    @Test
    void cartItemsBelongToTheirOwner() {
        String alice = api.newCustomer("alice-" + UUID.randomUUID() + "@example.test", "Alice");
        String bob = api.newCustomer("bob-" + UUID.randomUUID() + "@example.test", "Bob");
        api.put("/api/cart/items/p42", alice, Map.of("quantity", 3)).expect(200);
        api.get("/api/cart/items/p42", alice).expect(200);
        api.get("/api/cart/items/p42", bob).assertProblem(404);
        api.delete("/api/cart/items/p42", bob).assertProblem(404);
        assertThat(api.get("/api/cart", alice).expect(200).json().get("items").get(0).get("quantity").asInt()).isEqualTo(3);
    }

    @Test
    void stockIsSoldByTheSagaAndAnOversellIsCancelledSayingWhy() {
        String token = api.newCustomer("stock-" + UUID.randomUUID() + "@example.test", "Stock");
        String productId = "p77";
        int before = api.get("/api/inventory/" + productId, null).expect(200).json().get("available").asInt();
        api.put("/api/cart/items/" + productId, token, Map.of("quantity", 1)).expect(200);
        String sold = api.call(HttpMethod.POST, "/api/orders", token, Map.of("shippingAddress", ADDRESS, "paymentToken", "tok_visa"),
                Map.of("Idempotency-Key", UUID.randomUUID().toString())).expect(202).json().get("id").asString();
        api.awaitOrder(sold, token, "CONFIRMED");
        assertThat(api.get("/api/inventory/" + productId, null).expect(200).json().get("available").asInt()).isEqualTo(before - 1);

        // Asking for more than is left is accepted, then cancelled for stock, and nothing is taken.
        int left = before - 1;
        if (left < 99) {
            api.put("/api/cart/items/" + productId, token, Map.of("quantity", left + 1)).expect(200);
            String refused = api.call(HttpMethod.POST, "/api/orders", token,
                    Map.of("shippingAddress", ADDRESS, "paymentToken", "tok_visa"),
                    Map.of("Idempotency-Key", UUID.randomUUID().toString())).expect(202).json().get("id").asString();
            JsonNode cancelled = api.awaitOrder(refused, token, "CANCELLED");
            assertThat(cancelled.get("reason").asString()).startsWith("Not enough stock for ");
            assertThat(api.get("/api/inventory/" + productId, null).expect(200).json().get("available").asInt()).isEqualTo(left);
        }
    }

    @Test
    void aDeclinedCardCancelsTheOrderAndGivesTheStockBack() {
        String token = api.newCustomer("declined-" + UUID.randomUUID() + "@example.test", "Declined");
        String productId = "p78";
        int before = api.get("/api/inventory/" + productId, null).expect(200).json().get("available").asInt();
        api.put("/api/cart/items/" + productId, token, Map.of("quantity", 1)).expect(200);

        String id = api.call(HttpMethod.POST, "/api/orders", token,
                Map.of("shippingAddress", ADDRESS, "paymentToken", "tok_chargeDeclined"),
                Map.of("Idempotency-Key", UUID.randomUUID().toString())).expect(202).json().get("id").asString();

        assertThat(api.awaitOrder(id, token, "CANCELLED").get("reason").asString()).isEqualTo("Your card was declined.");
        Awaitility.await().until(() -> api.get("/api/inventory/" + productId, null).expect(200).json().get("available")
            .asInt() == before);
    }

    @Test
    void badInputGetsProblemDetailsNeverAServerError() {
        String token = api.newCustomer("bad-" + UUID.randomUUID() + "@example.test", "Bad Input");
        JsonNode invalid = api.post("/api/auth/register", null, Map.of("email", "not-an-email", "password", "x", "name", ""))
            .assertProblem(400);
        assertThat(invalid.get("errors").toString()).contains("email").contains("password").contains("name");
        api.post("/api/auth/login", null, "{\"email\": ").assertProblem(400);
        api.post("/api/auth/login", null, Map.of("email", "nobody@example.test", "password", "wrong-password")).assertProblem(401);
        api.get("/api/cart", null).assertProblem(401);
        api.get("/api/cart", "not-a-jwt").assertProblem(401);
        api.get("/api/catalog/products/does-not-exist", null).assertProblem(404);
        api.get("/api/catalog/products?page=-1", null).assertProblem(400);
        api.get("/api/catalog/products?size=abc", null).assertProblem(400);
        JsonNode quantity = api.put("/api/cart/items/p1", token, Map.of("quantity", 100)).assertProblem(400);
        assertThat(quantity.get("errors").toString()).contains("quantity");
        api.put("/api/cart/items/p1", token, "{\"quantity\": \"many\"}").assertProblem(400);
        api.put("/api/cart/items/unknown-product", token, Map.of("quantity", 1)).assertProblem(404);
        api.post("/api/orders", token, Map.of("shippingAddress", ADDRESS, "paymentToken", "tok_visa")).assertProblem(400);
        JsonNode address = api.call(HttpMethod.POST, "/api/orders", token, Map.of("shippingAddress", Map.of("name", ""),
                "paymentToken", "tok_visa"), Map.of("Idempotency-Key", "k-1")).assertProblem(400);
        assertThat(address.get("errors").toString()).contains("line1").contains("country");
        api.call(HttpMethod.POST, "/api/orders", token, Map.of("shippingAddress", ADDRESS, "paymentToken", "tok_visa"),
                Map.of("Idempotency-Key", "empty-cart")).assertProblem(409);
        api.get("/api/orders/not-a-real-order", token).assertProblem(404);
        api.get("/api/no-such-endpoint", token).assertProblem(404);
        api.get("/internal/reservations", token).assertProblem(404);
        api.call(HttpMethod.PATCH, "/api/admin/products/p1", token, Map.of("name", "Hacked"), Map.of()).assertProblem(403);
    }

    @Test
    void theDemoAccountsOfEmbeddedModeCanLogIn() {
        JsonNode admin = api.post("/api/auth/login", null, Map.of("email", "admin@emporium.dev", "password", "emporium-admin"))
            .expect(200).json();
        JsonNode me = api.get("/api/auth/me", admin.get("accessToken").asString()).expect(200).json();
        assertThat(me.get("roles").toString()).contains("admin");
        api.post("/api/auth/login", null, Map.of("email", "demo@emporium.dev", "password", "emporium-demo")).expect(200);
    }

    @Test
    void anAdminUploadsAProductImageThroughTheGatewayAndTheProductShowsIt(RunningPlatform platform) throws Exception {
        String admin = api.post("/api/auth/login", null, Map.of("email", "admin@emporium.dev", "password", "emporium-admin"))
            .expect(200).json().get("accessToken").asString();
        byte[] png = png(800, 600, new Color(30, 120, 200));

        HttpResponse<String> uploaded = upload(platform.gatewayUrl(), "p3", admin, "photo.png", "image/png", png);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        JsonNode upload = JsonMapper.builder().build().readTree(uploaded.body());
        String card = upload.get("variants").get("card").get("url").asString();
        assertThat(card).matches("/media/products/p3-[0-9a-f]{16}-card\\.jpg");

        HttpTestClient.Response image = api.get(card, null).expect(200);
        assertThat(image.headers().getCacheControl()).contains("immutable");
        BufferedImage variant = ImageIO.read(new ByteArrayInputStream(image.bytes()));
        assertThat(variant.getWidth()).isEqualTo(480);
        assertThat(variant.getHeight()).isEqualTo(360);

        api.call(HttpMethod.PATCH, "/api/admin/products/p3", admin, Map.of("imageUrl", card), Map.of()).expect(200);
        assertThat(api.get("/api/catalog/products/p3", null).expect(200).json().get("imageUrl").asString()).isEqualTo(card);

        HttpResponse<String> text = upload(platform.gatewayUrl(), "p3", admin, "notes.png", "image/png",
                "not a picture at all".getBytes(StandardCharsets.UTF_8));
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(text.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
            .startsWith("application/problem+json"));
    }

    /** A picture as PNG: a background of {@code color} with an orange disc. */
    static byte[] png(int width, int height, Color color) throws Exception {
        BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = picture.createGraphics();
        graphics.setColor(color);
        graphics.fillRect(0, 0, width, height);
        graphics.setColor(Color.ORANGE);
        graphics.fillOval(width / 4, height / 6, width / 2, height / 2);
        graphics.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(picture, "png", png);
        return png.toByteArray();
    }

    /** A multipart upload to {@code base} (the gateway, or an edge in front of it), as an admin's form or script sends it. */
    static HttpResponse<String> upload(String base, String product, String token, String fileName, String type,
            byte[] content) throws Exception {
        String boundary = "emporium-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/admin/media/products/" + product + "/images"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void servesOneOpenApiDocumentForTheWholeApi() {
        JsonNode document = api.get("/v3/api-docs", null).expect(200).json();
        List<String> paths = List.of("/api/auth/login", "/api/catalog/products", "/api/cart", "/api/orders", "/api/inventory/{productId}");
        paths.forEach(path -> assertThat(document.get("paths").has(path)).as(path).isTrue());
        assertThat(document.has("x-unavailable-services")).isFalse();
    }

    @Test
    void everyServiceReportsLivenessReadinessAndMetrics(RunningPlatform platform) {
        assertThat(platform.serviceUrls()).hasSize(EmbeddedPlatform.SERVICE_COUNT);
        platform.serviceUrls().forEach((service, url) -> {
            Api direct = new Api(url);
            direct.get("/actuator/health/liveness", null).expect(200);
            direct.get("/actuator/health/readiness", null).expect(200);
            direct.get("/actuator/health", null).expect(200);
            String port = url.substring(url.lastIndexOf(':') + 1);
            // RED metrics: every request is counted, by route and status, in the SLOs' latency buckets.
            assertThat(direct.get("/actuator/prometheus", null).expect(200).body()).as(service)
                .contains("service=\"" + service + "\"")
                .contains("instance=\"localhost:" + port + "\"")
                .containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/actuator/health\"[^}]*le=\"0\\.5\"\\}");
        });
    }
}
