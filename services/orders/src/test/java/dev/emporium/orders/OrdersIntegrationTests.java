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
import dev.emporium.platform.messaging.Envelope;
import dev.emporium.platform.messaging.InProcessTransport;
import dev.emporium.platform.sharding.ShardedDatabase;
import dev.emporium.testsupport.HttpTestClient;
import dev.emporium.testsupport.HttpTestClient.Response;
import dev.emporium.testsupport.TestJwtIssuer;
import org.jspecify.annotations.Nullable;
import org.awaitility.Awaitility;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import static org.awaitility.Awaitility.await;

/**
 * Checkout, the order saga and the customer's orders over real HTTP with real signed tokens, on H2 shards and the
 * in-process transport: the cart is a fake on a loopback port, inventory and payments are fakes that answer the
 * saga's commands ({@link FakeParticipants}). Every test uses users of its own, so the tests share the context and
 * database in any order.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=orders",
        "emporium.sharding.manage-directory=true",
        "emporium.sharding.directory.url=jdbc:h2:mem:orders-directory" + OrdersIntegrationTests.H2_OPTIONS,
        "emporium.sharding.shards.s0.url=jdbc:h2:mem:orders-s0" + OrdersIntegrationTests.H2_OPTIONS,
        "emporium.sharding.shards.s1.url=jdbc:h2:mem:orders-s1" + OrdersIntegrationTests.H2_OPTIONS,
        "emporium.messaging.relay.poll-interval=100ms",
        "emporium.orders.saga.redrive-after=3s",
        "emporium.orders.saga.redrive-check=500ms",
        "emporium.orders.saga.max-redrives=2" })
@Import(TestJwtIssuer.Configuration.class)
class OrdersIntegrationTests {

    static final String SILENT_PRODUCT = FakeParticipants.SILENT;

    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";

    static final FakeCart cart = new FakeCart();

    static final FakeParticipants participants = new FakeParticipants(InProcessTransport.shared());

    static final JsonMapper json = JsonMapper.builder().build();

    static final String ADDRESS = """
            {"shippingAddress":{"name":"Ada Lovelace","line1":"1 Analytical St","city":"London","postalCode":"N1 9GU","country":"gb"},
             "paymentToken":"tok_visa"}
            """;

    @DynamicPropertySource
    static void otherServices(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.cart[0].uri", cart::uri);
    }

    @BeforeAll
    static void patience() {
        // A given-up order takes three stalls of 3 s each.
        Awaitility.setDefaultTimeout(java.time.Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopFakes() throws Exception {
        cart.stop();
        participants.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    ShardedDatabase shards;

    @Autowired
    MeterRegistry meters;

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
    }

    @Test
    void checkoutPlacesAPendingOrderThatTheSagaConfirms() {
        cart.fill(this.userId, new Object[] { "p1", 2, 1999 }, new Object[] { "p2", 1, 500 });

        Response placed = checkout("key-1", ADDRESS);

        assertThat(placed.status()).isEqualTo(202);
        String id = placed.json().get("id").asString();
        assertThat(id).isEqualTo(OrderId.forCheckout(this.userId, "key-1").toString());
        assertThat(placed.json().get("status").asString()).isEqualTo("PENDING");
        assertThat(placed.headers().getLocation()).hasToString("/api/orders/" + id);
        awaitStatus(id, "CONFIRMED");
        await().until(() -> participants.messages(id).contains("order.confirmed"));
        assertThat(participants.messages(id)).containsExactly("inventory.reserve-stock", "payments.charge",
                "inventory.commit-stock", "order.confirmed");

        JsonNode reservation = participants.envelopes(id).getFirst().data();
        assertThat(reservation.at("/lines/0/productId").asString()).isEqualTo("p1");
        assertThat(reservation.at("/lines/0/quantity").asInt()).isEqualTo(2);
        assertThat(reservation.at("/lines/1/productId").asString()).isEqualTo("p2");
        JsonNode charge = participants.envelopes(id).get(1).data();
        assertThat(charge.get("amountMinor").asLong()).isEqualTo(4498);
        assertThat(charge.get("currency").asString()).isEqualTo("USD");
        assertThat(charge.get("paymentToken").asString()).isEqualTo("tok_visa");
        Envelope confirmed = participants.envelopes(id).getLast();
        assertThat(confirmed.source()).isEqualTo("orders");
        assertThat(confirmed.version()).isEqualTo(1);
        assertThat(confirmed.traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(confirmed.data().get("email").asString()).isEqualTo(this.userId + "@example.test");
        assertThat(confirmed.data().get("totalMinor").asLong()).isEqualTo(4498);
        assertThat(confirmed.data().at("/lines/0/name").asString()).isEqualTo("Product p1");
        assertThat(participants.envelopes(id).getFirst().traceparent().substring(0, 35)).as("one trace for the order")
            .isEqualTo(confirmed.traceparent().substring(0, 35));
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
        double placedBefore = this.meters.counter("emporium.orders.placed").count();
        long confirmedBefore = completed("confirmed");
        cart.fill(this.userId, new Object[] { "p1", 1, 1000 });
        String first = checkout("retry-me", ADDRESS).json().get("id").asString();
        cart.fill(this.userId, new Object[] { "p3", 4, 250 });

        Response retried = checkout("retry-me", ADDRESS);

        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.json().get("id").asString()).isEqualTo(first);
        assertThat(retried.headers().getLocation()).hasToString("/api/orders/" + first);
        awaitStatus(first, "CONFIRMED");
        assertThat(participants.messages(first)).as("the saga ran once").containsOnlyOnce("inventory.reserve-stock");
        assertThat(participants.envelopes(first).getFirst().data().at("/lines/0/productId").asString()).isEqualTo("p1");
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
        awaitStatus(second, "CONFIRMED");
        assertThat(this.meters.counter("emporium.orders.placed").count() - placedBefore)
            .as("orders placed: two, whatever the retries").isEqualTo(2);
        assertThat(completed("confirmed") - confirmedBefore).as("checkout latencies recorded").isEqualTo(2);
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
        assertThat(participants.messages(OrderId.forCheckout(this.userId, "bad-address").toString())).isEmpty();
        assertThat(this.http.get("/api/orders", this.user).json().size()).isZero();
    }

    @Test
    void anEmptyCartIsAConflict() {
        Response response = checkout("empty", ADDRESS);

        response.assertProblem(409, "Cart is empty");
        assertThat(participants.messages(OrderId.forCheckout(this.userId, "empty").toString())).isEmpty();
    }

    @Test
    void notEnoughStockCancelsTheOrderSayingWhyAndChargesNothing() {
        participants.shortOfStock("p-scarce");
        cart.fill(this.userId, new Object[] { "p1", 1, 1000 }, new Object[] { "p-scarce", 3, 700 });

        String id = checkout("scarce", ADDRESS).json().get("id").asString();

        JsonNode order = awaitStatus(id, "CANCELLED");
        assertThat(order.get("reason").asString()).as("named as the order names it").isEqualTo("Not enough stock for Product p-scarce.");
        await().until(() -> participants.messages(id).contains("order.cancelled"));
        assertThat(participants.messages(id)).containsExactly("inventory.reserve-stock", "order.cancelled");
        assertThat(participants.envelopes(id).getLast().data().get("reason").asString())
            .isEqualTo("Not enough stock for Product p-scarce.");
    }

    @Test
    void aDeclinedPaymentCancelsTheOrderAndReleasesTheStock() {
        cart.fill(this.userId, new Object[] { "p1", 1, 1000 });

        String id = checkout("declined", ADDRESS.replace("tok_visa", "tok_chargeDeclined")).json().get("id").asString();

        assertThat(awaitStatus(id, "CANCELLED").get("reason").asString()).isEqualTo("Your card was declined.");
        await().until(() -> participants.messages(id).contains("order.cancelled"));
        assertThat(participants.messages(id)).containsExactlyInAnyOrder("inventory.reserve-stock", "payments.charge",
                "inventory.release-stock", "order.cancelled");
    }

    @Test
    void aCommitThatFailsAfterTheChargeCancelsTheOrderAndRefunds() {
        participants.commitFails("p-last-one");
        cart.fill(this.userId, new Object[] { "p-last-one", 1, 1000 });

        String id = checkout("sold-meanwhile", ADDRESS).json().get("id").asString();

        assertThat(awaitStatus(id, "CANCELLED").get("reason").asString())
            .isEqualTo("Product p-last-one sold out while your payment was processed; it is refunded.");
        await().until(() -> participants.messages(id).contains("order.cancelled"));
        assertThat(participants.messages(id)).containsExactlyInAnyOrder("inventory.reserve-stock", "payments.charge",
                "inventory.commit-stock", "payments.refund", "order.cancelled");
    }

    @Test
    void anAnswerDeliveredTwiceOrOutOfOrderHasOneEffect() throws Exception {
        cart.fill(this.userId, new Object[] { SILENT_PRODUCT, 1, 1000 });
        String id = checkout("duplicates", ADDRESS).json().get("id").asString();
        await().until(() -> participants.messages(id).contains("inventory.reserve-stock"));

        // Out of order: a commit before anything was reserved or paid changes nothing.
        participants.publish("inventory", "stock.committed", UUID.randomUUID().toString(),
                participants.answerTo(id, this.userId));
        // The same reservation, delivered twice: one charge.
        String reservedId = UUID.randomUUID().toString();
        participants.publish("inventory", "stock.reserved", reservedId, participants.answerTo(id, this.userId));
        participants.publish("inventory", "stock.reserved", reservedId, participants.answerTo(id, this.userId));
        // A second reservation message with a new id (a repeat of the answer) is not a second step either.
        participants.publish("inventory", "stock.reserved", UUID.randomUUID().toString(),
                participants.answerTo(id, this.userId));
        await().until(() -> participants.messages(id).contains("payments.charge"));

        assertThat(this.http.get("/api/orders/" + id, this.user).json().get("status").asString()).isEqualTo("PENDING");
        // Well before the order counts as stalled (3 s), nothing more was sent.
        await().during(java.time.Duration.ofMillis(300)).until(() -> participants.messages(id).size() == 2);
        assertThat(participants.messages(id)).containsExactly("inventory.reserve-stock", "payments.charge");
    }

    @Test
    void aCaptureThatComesAfterTheOrderWasGivenUpIsRefunded() throws Exception {
        cart.fill(this.userId, new Object[] { SILENT_PRODUCT, 1, 1000 });
        String id = checkout("given-up", ADDRESS).json().get("id").asString();

        // Nobody answers: the reservation is asked for again (twice), then the order is given up and compensated.
        JsonNode order = awaitStatus(id, "CANCELLED");
        assertThat(order.get("reason").asString())
            .isEqualTo("We could not complete your order in time; you have not been charged.");
        await().until(() -> participants.messages(id).contains("order.cancelled"));
        // Each queue keeps its order; across queues (commands, events) the order is the consumers'.
        assertThat(participants.messages(id)).containsExactlyInAnyOrder("inventory.reserve-stock",
                "inventory.reserve-stock", "inventory.reserve-stock", "inventory.release-stock", "payments.refund",
                "order.cancelled");

        // A reservation and a capture that arrive late are given back.
        participants.publish("inventory", "stock.reserved", UUID.randomUUID().toString(),
                participants.answerTo(id, this.userId));
        participants.publish("payments", "payment.captured", UUID.randomUUID().toString(),
                participants.answerTo(id, this.userId));
        await().until(() -> participants.messages(id).size() == 8);
        assertThat(participants.messages(id).subList(6, 8)).containsExactlyInAnyOrder("inventory.release-stock",
                "payments.refund");
        assertThat(this.http.get("/api/orders/" + id, this.user).json().get("status").asString()).isEqualTo("CANCELLED");
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
        String id = ids.iterator().next();
        awaitStatus(id, "CONFIRMED");
        assertThat(participants.messages(id)).as("one saga").containsOnlyOnce("inventory.reserve-stock", "payments.charge");
    }

    @Test
    void anUnreachableCartIsA503AndPlacesNoOrder() {
        cart.fill(this.userId, new Object[] { "p1", 1, 1000 });

        cart.down(true);
        Response noCart = checkout("while-down", ADDRESS);
        noCart.assertProblem(503, "Service unavailable");
        assertThat(noCart.json().get("service").asString()).isEqualTo("cart");
        cart.down(false);

        assertThat(this.http.get("/api/orders", this.user).json().size()).isZero();

        // Once it is back, retrying with the same key places the order.
        Response retried = checkout("while-down", ADDRESS);
        assertThat(retried.status()).isEqualTo(202);
        awaitStatus(retried.json().get("id").asString(), "CONFIRMED");
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

    private JsonNode awaitStatus(String id, String status) {
        return await().until(() -> this.http.get("/api/orders/" + id, this.user).json(),
                order -> order.get("status").asString().equals(status));
    }

    private static String location(Response response) {
        URI location = response.headers().getLocation();
        assertThat(location).isNotNull();
        return location.toString();
    }

    /** Orders of this status whose checkout-to-completion time was recorded. */
    private long completed(String status) {
        Timer timer = this.meters.find("emporium.orders.completed").tag("status", status).timer();
        return timer == null ? 0 : timer.count();
    }
}
