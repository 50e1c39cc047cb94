package dev.emporium.orders;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import dev.emporium.orders.order.OrderId;
import dev.emporium.platform.sharding.ShardedDatabase;
import dev.emporium.testsupport.HttpTestClient;
import dev.emporium.testsupport.HttpTestClient.Response;
import dev.emporium.testsupport.TestJwtIssuer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checkout and the customer's orders over real HTTP with real signed tokens; cart and inventory are fakes on loopback
 * ports. Every test uses users of its own, so the tests share the context and database in any order.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=orders",
        "emporium.sharding.manage-directory=true",
        "emporium.sharding.directory.url=jdbc:h2:mem:orders-directory" + OrdersIntegrationTests.H2_OPTIONS,
        "emporium.sharding.shards.s0.url=jdbc:h2:mem:orders-s0" + OrdersIntegrationTests.H2_OPTIONS,
        "emporium.sharding.shards.s1.url=jdbc:h2:mem:orders-s1" + OrdersIntegrationTests.H2_OPTIONS })
@Import(TestJwtIssuer.Configuration.class)
class OrdersIntegrationTests {

    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";

    static final FakeCart cart = new FakeCart();

    static final FakeInventory inventory = new FakeInventory();

    static final JsonMapper json = JsonMapper.builder().build();

    static final String ADDRESS = """
            {"shippingAddress":{"name":"Ada Lovelace","line1":"1 Analytical St","city":"London","postalCode":"N1 9GU","country":"gb"},
             "paymentToken":"tok_visa"}
            """;

    @DynamicPropertySource
    static void otherServices(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.cart[0].uri", cart::uri);
        registry.add("spring.cloud.discovery.client.simple.instances.inventory[0].uri", inventory::uri);
    }

    @AfterAll
    static void stopFakes() {
        cart.stop();
        inventory.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    ShardedDatabase shards;

    HttpTestClient http;

    String userId;

    String user;

    @BeforeEach
    void setUp() {
        this.http = HttpTestClient.forPort(this.port);
        this.userId = "user-" + UUID.randomUUID();
        this.user = TestJwtIssuer.bearer(this.userId);
    }

    @AfterEach
    void fakesBackUp() {
        cart.down(false);
        inventory.down(false);
    }

    @Test
    void checkoutPlacesAConfirmedOrderThatIsListedAndShown() {
        cart.fill(this.userId, new Object[] { "p1", 2, 1999 }, new Object[] { "p2", 1, 500 });

        Response placed = checkout("key-1", ADDRESS);

        assertThat(placed.status()).isEqualTo(202);
        String id = placed.json().get("id").asString();
        assertThat(id).isEqualTo(OrderId.forCheckout(this.userId, "key-1").toString());
        assertThat(placed.json().get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(placed.headers().getLocation()).hasToString("/api/orders/" + id);

        List<JsonNode> reservations = inventory.requestsFor(id);
        assertThat(reservations).hasSize(1);
        assertThat(reservations.getFirst().at("/lines/0/productId").asString()).isEqualTo("p1");
        assertThat(reservations.getFirst().at("/lines/0/quantity").asInt()).isEqualTo(2);
        assertThat(reservations.getFirst().at("/lines/1/productId").asString()).isEqualTo("p2");
        assertThat(cart.removals(this.userId)).containsExactly("p1?ifQuantity=2", "p2?ifQuantity=1");
        assertThat(cart.quantities(this.userId)).isEmpty();

        Response list = this.http.get("/api/orders", this.user);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().size()).isEqualTo(1);
        JsonNode summary = list.json().get(0);
        assertThat(summary.get("id").asString()).isEqualTo(id);
        assertThat(summary.get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(summary.at("/total/amount").asLong()).isEqualTo(4498);
        assertThat(summary.at("/total/currency").asString()).isEqualTo("USD");
        assertThat(summary.get("itemCount").asInt()).isEqualTo(3);
        assertThat(summary.get("createdAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        Response order = this.http.get(location(placed), this.user);
        assertThat(order.status()).isEqualTo(200);
        JsonNode details = order.json();
        assertThat(details.get("id").asString()).isEqualTo(id);
        assertThat(details.get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(details.has("reason")).isFalse();
        assertThat(details.has("paymentToken")).isFalse();
        assertThat(details.get("items").size()).isEqualTo(2);
        assertThat(details.at("/items/0/productId").asString()).isEqualTo("p1");
        assertThat(details.at("/items/0/name").asString()).isEqualTo("Product p1");
        assertThat(details.at("/items/0/imageUrl").asString()).isEqualTo("/media/products/p1.svg");
        assertThat(details.at("/items/0/quantity").asInt()).isEqualTo(2);
        assertThat(details.at("/items/0/unitPrice/amount").asLong()).isEqualTo(1999);
        assertThat(details.at("/items/0/lineTotal/amount").asLong()).isEqualTo(3998);
        assertThat(details.at("/items/1/productId").asString()).isEqualTo("p2");
        assertThat(details.at("/total/amount").asLong()).isEqualTo(4498);
        assertThat(details.get("itemCount").asInt()).isEqualTo(3);
        assertThat(details.at("/shippingAddress/name").asString()).isEqualTo("Ada Lovelace");
        assertThat(details.at("/shippingAddress/postalCode").asString()).isEqualTo("N1 9GU");
        assertThat(details.at("/shippingAddress/country").asString()).isEqualTo("GB");
        assertThat(details.get("createdAt").asString()).isEqualTo(summary.get("createdAt").asString());
    }

    @Test
    void theSameKeyAnswersTheSameOrderAndADifferentKeyPlacesANewOne() {
        cart.fill(this.userId, new Object[] { "p1", 1, 1000 });
        String first = checkout("retry-me", ADDRESS).json().get("id").asString();
        cart.fill(this.userId, new Object[] { "p3", 4, 250 });

        Response retried = checkout("retry-me", ADDRESS);

        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.json().get("id").asString()).isEqualTo(first);
        assertThat(retried.json().get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(retried.headers().getLocation()).hasToString("/api/orders/" + first);
        assertThat(inventory.requestsFor(first)).isNotEmpty()
            .allSatisfy(request -> assertThat(request.at("/lines/0/productId").asString()).isEqualTo("p1"));
        assertThat(cart.removals(this.userId)).containsExactly("p1?ifQuantity=1");
        assertThat(this.http.get("/api/orders", this.user).json().size()).isEqualTo(1);

        Response other = checkout("another-key", ADDRESS);

        assertThat(other.status()).isEqualTo(202);
        String second = other.json().get("id").asString();
        assertThat(second).isNotEqualTo(first);
        assertThat(cart.removals(this.userId)).containsExactly("p1?ifQuantity=1", "p3?ifQuantity=4");
        JsonNode orders = this.http.get("/api/orders", this.user).json();
        assertThat(orders.size()).isEqualTo(2);
        assertThat(orders.get(0).get("id").asString()).as("newest first").isEqualTo(second);
        assertThat(orders.get(0).at("/total/amount").asLong()).isEqualTo(1000);
        assertThat(orders.get(1).get("id").asString()).isEqualTo(first);
        assertThat(orders.get(1).at("/total/amount").asLong()).isEqualTo(1000);
    }

    @Test
    void whatTheCustomerChangesInTheCartDuringCheckoutStaysThere() {
        cart.fill(this.userId, new Object[] { "p1", 1, 1000 }, new Object[] { "p2", 2, 300 },
                new Object[] { "p3", 1, 700 });
        // In another tab, between checkout reading the cart and removing the ordered lines: p1 untouched, p2 raised
        // to 5, p3 removed, p4 added.
        cart.fillAfterNextRead(this.userId, new Object[] { "p1", 1, 1000 }, new Object[] { "p2", 5, 300 },
                new Object[] { "p4", 3, 150 });

        Response placed = checkout("changed-meanwhile", ADDRESS);

        assertThat(placed.status()).isEqualTo(202);
        assertThat(cart.removals(this.userId)).containsExactly("p1?ifQuantity=1", "p2?ifQuantity=2", "p3?ifQuantity=1");
        assertThat(cart.quantities(this.userId)).containsExactly(Map.entry("p2", 5), Map.entry("p4", 3));
        JsonNode order = this.http.get(location(placed), this.user).json();
        assertThat(order.get("items").size()).as("the order is what checkout read").isEqualTo(3);
        assertThat(order.at("/total/amount").asLong()).isEqualTo(1000 + 2 * 300 + 700);
    }

    @Test
    void theIdempotencyKeyIsRequiredAndHasAShape() {
        cart.fill(this.userId, new Object[] { "p1", 1, 1000 });

        for (String key : new String[] { null, "", "has space", "x".repeat(101), "semi;colon" }) {
            Response response = checkout(key, ADDRESS);
            assertThat(response.status()).as(String.valueOf(key)).isEqualTo(400);
            response.assertProblem(400, "Validation failed");
            assertThat(response.json().at("/errors/0/field").asString()).isEqualTo("Idempotency-Key");
        }
        assertThat(checkout("x".repeat(100), ADDRESS).status()).isEqualTo(202);
    }

    @Test
    void anInvalidAddressOrPaymentTokenIsRefusedNamingTheFields() {
        cart.fill(this.userId, new Object[] { "p1", 1, 1000 });
        ObjectNode body = (ObjectNode) json.readTree(ADDRESS);
        ObjectNode address = (ObjectNode) body.get("shippingAddress");
        address.put("name", " ");
        address.put("country", "GBR");
        address.put("postalCode", "1".repeat(17));
        address.remove("city");
        body.remove("paymentToken");

        Response response = checkout("bad-address", json.writeValueAsString(body));

        response.assertProblem(400, "Validation failed");
        assertThat(response.errorFields()).containsOnly("shippingAddress.name", "shippingAddress.country",
                "shippingAddress.postalCode", "shippingAddress.city", "paymentToken");

        assertThat(checkout("no-address", "{\"paymentToken\":\"tok_visa\"}").json().at("/errors/0/field").asString())
            .isEqualTo("shippingAddress");
        assertThat(checkout("malformed", "{\"shippingAddress\":").status()).isEqualTo(400);
        assertThat(inventory.requestsFor(OrderId.forCheckout(this.userId, "bad-address").toString())).isEmpty();
        assertThat(this.http.get("/api/orders", this.user).json().size()).isZero();
    }

    @Test
    void anEmptyCartIsAConflict() {
        Response response = checkout("empty", ADDRESS);

        response.assertProblem(409, "Cart is empty");
        assertThat(inventory.requestsFor(OrderId.forCheckout(this.userId, "empty").toString())).isEmpty();
    }

    @Test
    void notEnoughStockIsAConflictNamingTheProductsAndPlacesNoOrder() {
        inventory.shortOfStock("p-scarce");
        cart.fill(this.userId, new Object[] { "p1", 1, 1000 }, new Object[] { "p-scarce", 3, 700 });

        Response response = checkout("scarce", ADDRESS);

        response.assertProblem(409, "Not enough stock");
        assertThat(response.json().get("products").size()).isEqualTo(1);
        assertThat(response.json().at("/products/0").asString()).isEqualTo("p-scarce");
        String id = OrderId.forCheckout(this.userId, "scarce").toString();
        assertThat(this.http.get("/api/orders", this.user).json().size()).isZero();
        assertThat(this.http.get("/api/orders/" + id, this.user).status()).isEqualTo(404);
        assertThat(cart.removals(this.userId)).isEmpty();
    }

    @Test
    void anotherUsersOrderAnUnknownIdAndAMalformedIdAreAllNotFound() {
        cart.fill(this.userId, new Object[] { "p1", 1, 1000 });
        String id = checkout("mine", ADDRESS).json().get("id").asString();
        String other = TestJwtIssuer.bearer("user-" + UUID.randomUUID());

        List<Response> answers = new ArrayList<>();
        answers.add(this.http.get("/api/orders/" + id, other));
        answers.add(this.http.get("/api/orders/" + UUID.randomUUID(), this.user));
        answers.add(this.http.get("/api/orders/not-an-order-id", this.user));
        answers.add(this.http.get("/api/orders/" + id.toUpperCase(), this.user));

        for (Response answer : answers) {
            answer.assertProblem(404, "Order not found");
            assertThat(answer.json().get("detail").asString()).isEqualTo(answers.getFirst().json().get("detail").asString());
        }
        assertThat(this.http.get("/api/orders", other).json().size()).isZero();
        assertThat(this.http.get("/api/orders/" + id, this.user).status()).isEqualTo(200);
    }

    @Test
    void concurrentCheckoutsWithTheSameKeyPlaceExactlyOneOrder() throws Exception {
        cart.fill(this.userId, new Object[] { "p1", 1, 1000 }, new Object[] { "p2", 2, 300 });
        int parallel = 8;
        inventory.holdUntil(parallel);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(parallel)) {
            for (int i = 0; i < parallel; i++) {
                Callable<Response> attempt = () -> {
                    start.await();
                    return checkout("double-click", ADDRESS);
                };
                answers.add(clients.submit(attempt));
            }
            start.countDown();
        }

        List<Response> responses = new ArrayList<>();
        for (Future<Response> answer : answers) {
            responses.add(answer.get());
        }
        assertThat(responses).extracting(Response::status).containsOnly(202);
        Set<String> ids = responses.stream().map(response -> response.json().get("id").asString()).collect(Collectors.toSet());
        assertThat(ids).containsExactly(OrderId.forCheckout(this.userId, "double-click").toString());
        JsonNode orders = this.http.get("/api/orders", this.user).json();
        assertThat(orders.size()).isEqualTo(1);
        assertThat(orders.get(0).at("/total/amount").asLong()).isEqualTo(1600);
        assertThat(cart.removals(this.userId)).as("only the request that placed the order removes its lines")
            .containsExactly("p1?ifQuantity=1", "p2?ifQuantity=2");
        assertThat(cart.quantities(this.userId)).isEmpty();
        // Every request got past its first look for the order before any inserted it: the unique key decided.
        assertThat(inventory.requestsFor(ids.iterator().next())).hasSize(parallel)
            .allSatisfy(request -> assertThat(request.get("lines").size()).isEqualTo(2));
    }

    @Test
    void unreachableServicesAreA503AndPlaceNoOrder() {
        cart.fill(this.userId, new Object[] { "p1", 1, 1000 });

        inventory.down(true);
        Response noInventory = checkout("while-down", ADDRESS);
        noInventory.assertProblem(503, "Service unavailable");
        assertThat(noInventory.json().get("service").asString()).isEqualTo("inventory");
        inventory.down(false);

        cart.down(true);
        Response noCart = checkout("while-down", ADDRESS);
        noCart.assertProblem(503, "Service unavailable");
        assertThat(noCart.json().get("service").asString()).isEqualTo("cart");
        cart.down(false);

        assertThat(this.http.get("/api/orders", this.user).json().size()).isZero();

        // Once both are back, retrying with the same key places the order.
        Response retried = checkout("while-down", ADDRESS);
        assertThat(retried.status()).isEqualTo(202);
        assertThat(inventory.reserved(retried.json().get("id").asString())).isTrue();
    }

    @Test
    void aCartWhoseLinesCannotBeRemovedLeavesTheOrderStanding() {
        cart.fill(this.userId, new Object[] { "p1", 1, 1000 }, new Object[] { "p2", 2, 300 });
        cart.failDeletesFor(this.userId);

        Response placed = checkout("sticky-cart", ADDRESS);

        assertThat(placed.status()).isEqualTo(202);
        assertThat(this.http.get(location(placed), this.user).status()).isEqualTo(200);
        assertThat(cart.removals(this.userId)).as("a failed removal does not stop the next")
            .containsExactly("p1?ifQuantity=1", "p2?ifQuantity=2");
        assertThat(cart.quantities(this.userId)).containsExactly(Map.entry("p1", 1), Map.entry("p2", 2));
    }

    @Test
    void adminsSeeTheLatestOrdersOfUsersOnEveryShardAndCustomersMayNot() {
        Map<String, String> userByShard = new java.util.TreeMap<>();
        while (userByShard.size() < 2) {
            String id = "user-" + UUID.randomUUID();
            userByShard.putIfAbsent(this.shards.shardOf(id), id);
        }
        Map<String, String> orderByUser = new java.util.HashMap<>();
        userByShard.values().forEach(id -> {
            cart.fill(id, new Object[] { "p1", 1, 1999 });
            Response placed = this.http.call(HttpMethod.POST, "/api/orders", ADDRESS, TestJwtIssuer.bearer(id),
                    Map.of("Idempotency-Key", "admin-list"));
            assertThat(placed.status()).isEqualTo(202);
            orderByUser.put(id, placed.json().get("id").asString());
        });

        Response latest = this.http.get("/api/admin/orders?limit=200", TestJwtIssuer.bearer("admin-1", "customer", "admin"));

        assertThat(latest.status()).isEqualTo(200);
        assertThat(latest.json().get("complete").asBoolean()).isTrue();
        assertThat(latest.json().get("missingShards").size()).isZero();
        Map<String, String> listed = new java.util.HashMap<>();
        latest.json().get("orders").forEach(order -> listed.put(order.get("userId").asString(), order.get("id").asString()));
        assertThat(listed).containsAllEntriesOf(orderByUser);
        this.http.get("/api/admin/orders", this.user).assertProblem(403);
        this.http.get("/api/admin/orders?limit=0", TestJwtIssuer.bearer("admin-1", "customer", "admin")).assertProblem(400);
    }

    @Test
    void needsAToken() {
        this.http.get("/api/orders", null).assertProblem(401, "Authentication required");
        this.http.call(HttpMethod.POST, "/api/orders", ADDRESS, null, Map.of("Idempotency-Key", "no-token"))
            .assertProblem(401, "Authentication required");
    }

    private Response checkout(@Nullable String idempotencyKey, String body) {
        Map<String, String> headers = idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey);
        return this.http.call(HttpMethod.POST, "/api/orders", body, this.user, headers);
    }

    private static String location(Response response) {
        URI location = response.headers().getLocation();
        assertThat(location).isNotNull();
        return location.toString();
    }
}
