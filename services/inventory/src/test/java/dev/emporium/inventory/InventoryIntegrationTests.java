package dev.emporium.inventory;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.emporium.democatalog.DemoCatalog;
import dev.emporium.democatalog.DemoProduct;
import dev.emporium.platform.messaging.Envelope;
import dev.emporium.platform.messaging.MessageTransport;
import dev.emporium.platform.messaging.ParkedMessage;
import dev.emporium.platform.messaging.PublishFailed;
import dev.emporium.testsupport.HttpTestClient;
import dev.emporium.testsupport.HttpTestClient.Response;
import dev.emporium.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The inventory service over real HTTP with real signed tokens, and its part of the order saga over the in-process
 * transport: commands published as orders publishes them, answers collected as orders would get them. Seeded demo
 * products are only read; every test that reserves creates its own {@code test-*} products, so the tests do not
 * depend on each other's order. Each subclass
 * names the database: the same tests run on H2 ({@link InventoryH2IntegrationTests}) and on PostgreSQL
 * ({@link InventoryPostgresIntegrationTests}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=inventory",
        "emporium.inventory.demo-stock=true",
        "emporium.inventory.reservation-sweep=200ms",
        "emporium.messaging.retry-backoff=100ms,200ms",
        // More consumers than the connection pool has connections: as many transactions race as can.
        "emporium.messaging.concurrency=16" })
@Import({ TestJwtIssuer.Configuration.class, OwnBroker.class })
abstract class InventoryIntegrationTests {

    private static final String ADMIN = TestJwtIssuer.bearer("admin-1", "customer", "admin");

    static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    HttpTestClient http;

    @Autowired
    MessageTransport transport;

    @Autowired
    MeterRegistry meters;

    SagaAnswers saga;

    @BeforeEach
    void client() {
        this.http = HttpTestClient.forPort(this.port);
        this.saga = SagaAnswers.listen(this.transport);
    }

    @AfterEach
    void stopListening() throws Exception {
        this.saga.close();
    }


    @Test
    void seedsTheStockOfEveryDemoProduct() {
        Map<String, Integer> demo = DemoCatalog.standard().products().stream()
            .collect(Collectors.toMap(DemoProduct::id, DemoProduct::stock));
        Map<String, Integer> seeded = this.jdbc.sql("select product_id, available from stock where product_id not like 'test-%'")
            .query((rs, row) -> Map.entry(rs.getString(1), rs.getInt(2)))
            .list().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(seeded).hasSize(1_200).isEqualTo(demo);
        assertThat(seeded.get("p8")).isEqualTo(26);
    }

    @Test
    void readsTheStockOfAProductWithoutAToken() {
        Response response = this.http.get("/api/inventory/p8");
        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("productId").asString()).isEqualTo("p8");
        assertThat(body.get("available").asInt()).isEqualTo(26);
        assertThat(body.size()).isEqualTo(2);
    }

    @Test
    void answersNotFoundForAnUnknownProduct() {
        Response response = this.http.get("/api/inventory/no-such-product");
        response.assertProblem(404, "Product not found");
        assertThat(response.json().get("detail").asString()).contains("no-such-product");
    }

    @Test
    void reservesAllLinesOnceAndAnswersARepeatWithTheSameOutcome() {
        stock("test-lamp", 10);
        stock("test-mug", 3);
        Envelope command = command("inventory.reserve-stock", "order-repeat", line("test-mug", 2), line("test-lamp", 4));

        send(command);

        Envelope reserved = this.saga.awaitAnswer("order-repeat", "stock.reserved");
        assertThat(reserved.data().get("userId").asString()).isEqualTo("user-1");
        assertThat(reserved.data().get("expiresAt").asString()).isNotBlank();
        assertThat(reserved.traceparent()).as("the answer continues the command's trace")
            .startsWith(command.traceparent().substring(0, 35));
        JsonNode reservation = reservation("order-repeat");
        assertThat(reservation.get("status").asString()).isEqualTo("RESERVED");
        assertThat(lines(reservation)).containsExactly("test-lamp x4", "test-mug x2");
        assertThat(Instant.parse(reservation.get("expiresAt").asString()))
            .isEqualTo(Instant.parse(reserved.data().get("expiresAt").asString()))
            .isBetween(Instant.parse(reservation.get("createdAt").asString()).plus(Duration.ofMinutes(15)).minusSeconds(1),
                    Instant.parse(reservation.get("createdAt").asString()).plus(Duration.ofMinutes(15)).plusSeconds(1));
        assertThat(reservation.has("reason")).isFalse();
        assertThat(reservation.get("shortage").isEmpty()).isTrue();
        assertThat(available("test-lamp")).isEqualTo(6);
        assertThat(available("test-mug")).isEqualTo(1);

        // The same message again: recognised, no effect, no answer. The same command with a new id (orders driving a
        // stalled order again): the recorded outcome, and stock untouched.
        send(command);
        send(command("inventory.reserve-stock", "order-repeat", line("test-lamp", 1)));

        await().until(() -> this.saga.answers("order-repeat").size() == 2);
        await().during(Duration.ofMillis(300)).until(() -> this.saga.answers("order-repeat").size() == 2);
        assertThat(this.saga.types("order-repeat")).containsExactly("stock.reserved", "stock.reserved");
        assertThat(this.saga.answers("order-repeat").getLast().data()).isEqualTo(reserved.data());
        assertThat(available("test-lamp")).isEqualTo(6);
        assertThat(available("test-mug")).isEqualTo(1);
        assertThat(this.http.get("/api/inventory/test-lamp").json().get("available").asInt()).isEqualTo(6);
    }

    @Test
    void reservesNothingWhenAnyLineLacksStockAndSaysWhich() {
        stock("test-chair", 5);
        stock("test-desk", 2);

        send(command("inventory.reserve-stock", "order-short", line("test-chair", 1), line("test-unknown", 1),
                line("test-desk", 3)));

        Envelope rejected = this.saga.awaitAnswer("order-short", "stock.rejected");
        List<String> products = new ArrayList<>();
        rejected.data().get("products").forEach(product -> products.add(product.asString()));
        assertThat(products).containsExactly("test-desk", "test-unknown");
        assertThat(rejected.data().get("reason").asString()).isEqualTo("Not enough stock for test-desk, test-unknown.");
        assertThat(available("test-chair")).isEqualTo(5);
        assertThat(available("test-desk")).isEqualTo(2);
        JsonNode reservation = reservation("order-short");
        assertThat(reservation.get("status").asString()).isEqualTo("REJECTED");
        assertThat(reservation.get("reason").asString()).isEqualTo("Not enough stock for test-desk, test-unknown.");
        assertThat(reservation.get("shortage").values()).extracting(JsonNode::asString)
            .containsExactly("test-desk", "test-unknown");
        assertThat(count("select count(*) from reservation_lines where order_id = 'order-short'")).isZero();

        // A repeat with a new message id answers the same, in the same words, whatever stock there is now.
        stock("test-unknown", 5);
        send(command("inventory.reserve-stock", "order-short", line("test-desk", 1)));
        await().until(() -> this.saga.types("order-short").equals(List.of("stock.rejected", "stock.rejected")));
        assertThat(this.saga.answers("order-short").getLast().data()).isEqualTo(rejected.data());
        assertThat(available("test-desk")).isEqualTo(2);
        assertThat(available("test-unknown")).isEqualTo(5);
    }

    @Test
    void aCommittedReservationIsSoldAndAReleasedOneGivesItsUnitsBack() {
        stock("test-sold", 5);
        send(command("inventory.reserve-stock", "order-sold", line("test-sold", 2)));
        send(command("inventory.reserve-stock", "order-dropped", line("test-sold", 3)));
        this.saga.awaitAnswer("order-sold", "stock.reserved");
        this.saga.awaitAnswer("order-dropped", "stock.reserved");
        assertThat(available("test-sold")).isZero();

        Envelope commit = command("inventory.commit-stock", "order-sold", line("test-sold", 2));
        Envelope release = command("inventory.release-stock", "order-dropped");
        send(commit);
        send(release);

        this.saga.awaitAnswer("order-sold", "stock.committed");
        this.saga.awaitAnswer("order-dropped", "stock.released");
        assertThat(reservation("order-sold").get("status").asString()).isEqualTo("COMMITTED");
        assertThat(reservation("order-dropped").get("status").asString()).isEqualTo("RELEASED");
        assertThat(available("test-sold")).isEqualTo(3);

        // The same messages again: recognised by the inbox, no effect and no answer.
        send(commit);
        send(release);
        await().during(Duration.ofMillis(300)).until(() -> this.saga.answers("order-sold").size() == 2
                && this.saga.answers("order-dropped").size() == 2);

        // Repeats with new message ids answer again and change nothing.
        send(command("inventory.commit-stock", "order-sold", line("test-sold", 2)));
        send(command("inventory.release-stock", "order-dropped"));
        await().until(() -> this.saga.answers("order-sold").size() == 3 && this.saga.answers("order-dropped").size() == 3);
        assertThat(this.saga.types("order-sold")).containsExactly("stock.reserved", "stock.committed", "stock.committed");
        assertThat(this.saga.types("order-dropped")).containsExactly("stock.reserved", "stock.released", "stock.released");
        assertThat(available("test-sold")).isEqualTo(3);

        // A sold order's units are not released: nothing changes and nothing is answered.
        Envelope lateRelease = command("inventory.release-stock", "order-sold");
        send(lateRelease);
        await().until(() -> handled(lateRelease));
        await().during(Duration.ofMillis(300)).until(() -> this.saga.answers("order-sold").size() == 3);
        assertThat(reservation("order-sold").get("status").asString()).isEqualTo("COMMITTED");
        assertThat(available("test-sold")).isEqualTo(3);
    }

    @Test
    void outOfOrderCommandsTakeNothing() {
        stock("test-late", 4);

        // A commit with nothing reserved fails; a release first makes the late reservation take nothing.
        send(command("inventory.commit-stock", "order-commit-first", line("test-late", 1)));
        send(command("inventory.release-stock", "order-release-first"));
        Envelope failed = this.saga.awaitAnswer("order-commit-first", "stock.commit-failed");
        assertThat(failed.data().get("products").values()).extracting(JsonNode::asString).containsExactly("test-late");
        assertThat(failed.data().get("reason").asString()).isEqualTo("No stock was held for the order.");
        this.saga.awaitAnswer("order-release-first", "stock.released");
        assertThat(reservation("order-commit-first").get("status").asString()).isEqualTo("FAILED");
        assertThat(reservation("order-release-first").get("status").asString()).isEqualTo("RELEASED");

        send(command("inventory.reserve-stock", "order-release-first", line("test-late", 1)));
        send(command("inventory.reserve-stock", "order-commit-first", line("test-late", 1)));

        Envelope rejected = this.saga.awaitAnswer("order-release-first", "stock.rejected");
        assertThat(rejected.data().get("reason").asString()).isEqualTo("The order was cancelled.");
        assertThat(rejected.data().get("products").isEmpty()).isTrue();
        assertThat(this.saga.awaitAnswer("order-commit-first", "stock.rejected").data().get("reason").asString())
            .isEqualTo("No stock was held for the order.");
        assertThat(reservation("order-release-first").get("status").asString()).isEqualTo("RELEASED");
        assertThat(reservation("order-commit-first").get("status").asString()).isEqualTo("FAILED");
        assertThat(count("select count(*) from reservation_lines where product_id = 'test-late'")).isZero();
        assertThat(available("test-late")).isEqualTo(4);

        // A commit repeated with a new message id fails again, stock there or not.
        send(command("inventory.commit-stock", "order-commit-first", line("test-late", 1)));
        await().until(() -> this.saga.types("order-commit-first")
            .equals(List.of("stock.commit-failed", "stock.rejected", "stock.commit-failed")));
        assertThat(this.saga.answers("order-commit-first").getLast().data()).isEqualTo(failed.data());
        assertThat(available("test-late")).isEqualTo(4);
    }

    @Test
    void anExpiredReservationGivesItsUnitsBackAndALateCommitTakesThemAgainIfItCan() {
        double expiredBefore = expiredCount();
        stock("test-expiring", 2);
        send(command("inventory.reserve-stock", "order-slow-payment", line("test-expiring", 1)));
        send(command("inventory.reserve-stock", "order-too-slow", line("test-expiring", 1)));
        this.saga.awaitAnswer("order-slow-payment", "stock.reserved");
        this.saga.awaitAnswer("order-too-slow", "stock.reserved");

        this.jdbc.sql("update reservations set expires_at = :past where order_id in ('order-slow-payment', 'order-too-slow')")
            .param("past", OffsetDateTime.now().minusMinutes(1))
            .update();
        await().until(() -> reservation("order-too-slow").get("status").asString().equals("EXPIRED")
                && reservation("order-slow-payment").get("status").asString().equals("EXPIRED"));
        assertThat(available("test-expiring")).isEqualTo(2);
        assertThat(expiredCount() - expiredBefore).isEqualTo(2);

        // One unit is sold to someone else meanwhile; the first late commit gets the other, the second none.
        stock("test-expiring", 1, true);
        send(command("inventory.commit-stock", "order-slow-payment", line("test-expiring", 1)));
        this.saga.awaitAnswer("order-slow-payment", "stock.committed");
        send(command("inventory.commit-stock", "order-too-slow", line("test-expiring", 1)));
        Envelope failed = this.saga.awaitAnswer("order-too-slow", "stock.commit-failed");

        assertThat(failed.data().get("reason").asString()).isEqualTo("Not enough stock for test-expiring.");
        assertThat(failed.data().get("products").values()).extracting(JsonNode::asString).containsExactly("test-expiring");
        assertThat(reservation("order-slow-payment").get("status").asString()).isEqualTo("COMMITTED");
        JsonNode tooSlow = reservation("order-too-slow");
        assertThat(tooSlow.get("status").asString()).isEqualTo("FAILED");
        assertThat(tooSlow.get("reason").asString()).isEqualTo("Not enough stock for test-expiring.");
        assertThat(available("test-expiring")).isZero();

        // The failure is recorded: stock that comes back later is not sold to the order its commit failed for
        // (orders has refunded it), and a release has nothing to give back.
        stock("test-expiring", 5, true);
        send(command("inventory.commit-stock", "order-too-slow", line("test-expiring", 1)));
        await().until(() -> this.saga.answers("order-too-slow").size() == 3);
        send(command("inventory.release-stock", "order-too-slow"));
        await().until(() -> this.saga.answers("order-too-slow").size() == 4);
        assertThat(this.saga.types("order-too-slow"))
            .containsExactly("stock.reserved", "stock.commit-failed", "stock.commit-failed", "stock.released");
        assertThat(this.saga.answers("order-too-slow").get(2).data()).isEqualTo(failed.data());
        assertThat(reservation("order-too-slow").get("status").asString()).isEqualTo("FAILED");
        assertThat(available("test-expiring")).isEqualTo(5);
    }

    @Test
    void fiftyReservationsForTenUnitsReserveExactlyTen() {
        stock("test-race", 10);

        for (int i = 0; i < 50; i++) {
            send(command("inventory.reserve-stock", "order-race-" + i, line("test-race", 1)));
        }

        await().until(() -> IntStream.range(0, 50).allMatch(i -> this.saga.answers("order-race-" + i).size() == 1));
        Map<String, Long> outcomes = IntStream.range(0, 50)
            .mapToObj(i -> this.saga.types("order-race-" + i).getFirst())
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("stock.reserved", 10L, "stock.rejected", 40L));
        assertThat(count("select count(*) from reservations where order_id like 'order-race-%' and status = 'RESERVED'"))
            .isEqualTo(10);
        assertThat(count("select count(*) from reservations where order_id like 'order-race-%' and status = 'REJECTED'"))
            .isEqualTo(40);
        assertThat(available("test-race")).isZero();
        assertThat(count("select count(*) from reservation_lines where product_id = 'test-race'")).isEqualTo(10);
    }

    @Test
    void concurrentRepeatsOfOneOrderReserveOnce() {
        stock("test-repeat", 10);

        for (int i = 0; i < 8; i++) {
            send(command("inventory.reserve-stock", "order-same", line("test-repeat", 2)));
        }

        await().until(() -> this.saga.answers("order-same").size() == 8);
        assertThat(this.saga.types("order-same")).containsOnly("stock.reserved");
        assertThat(available("test-repeat")).isEqualTo(8);
    }

    @Test
    void aCommandThatDoesNotFitIsParkedAndTakesNothing() {
        stock("test-malformed", 3);
        Envelope negative = command("inventory.reserve-stock", "order-negative", line("test-malformed", -5));
        Envelope twice = command("inventory.reserve-stock", "order-twice", line("test-malformed", 1),
                line("test-malformed", 1));
        Envelope empty = command("inventory.reserve-stock", "order-empty");

        send(negative);
        send(twice);
        send(empty);

        await().until(() -> parked(negative) != null && parked(twice) != null && parked(empty) != null);
        assertThat(parked(negative).attempts()).isEqualTo(3);
        assertThat(parked(negative).error()).contains("at least one unit");
        assertThat(parked(twice).error()).contains("a product on two lines");
        assertThat(parked(empty).error()).contains("without lines");
        assertThat(available("test-malformed")).isEqualTo(3);
        assertThat(this.saga.answers("order-negative")).isEmpty();
        assertThat(count("select count(*) from reservations where order_id in ('order-negative', 'order-twice', 'order-empty')"))
            .isZero();
    }

    @Test
    void reservationsAreForAdminsOnly() {
        this.http.get("/api/admin/reservations/order-nobody", ADMIN).assertProblem(404, "Reservation not found");
        this.http.get("/api/admin/reservations/order-nobody", TestJwtIssuer.bearer("customer-1")).assertProblem(403);
        this.http.get("/api/admin/reservations/order-nobody").assertProblem(401);
    }

    private void stock(String productId, int available) {
        stock(productId, available, false);
    }

    private void stock(String productId, int available, boolean exists) {
        this.jdbc.sql(exists ? "update stock set available = :available, updated_at = :at where product_id = :productId"
                : "insert into stock (product_id, available, updated_at) values (:productId, :available, :at)")
            .param("productId", productId)
            .param("available", available)
            .param("at", OffsetDateTime.now())
            .update();
    }

    private JsonNode reservation(String orderId) {
        return this.http.get("/api/admin/reservations/" + orderId, ADMIN).expect(200).json();
    }

    private static Map<String, Object> line(String productId, int quantity) {
        return Map.of("productId", productId, "quantity", quantity);
    }

    /** A command as orders sends it, with a new message id. */
    @SafeVarargs
    private Envelope command(String type, String orderId, Map<String, Object>... lines) {
        return new Envelope(UUID.randomUUID().toString(), type, 1, "orders", Instant.now(), orderId,
                "00-" + "4bf92f3577b34da6a3ce929d0e0e4736" + "-00f067aa0ba902b7-01",
                json.valueToTree(Map.of("orderId", orderId, "userId", "user-1", "lines", List.of(lines))));
    }

    private void send(Envelope command) {
        try {
            this.transport.publish(command.exchange(), command.type(), command.id(), command.toJson(json));
        }
        catch (PublishFailed ex) {
            throw new IllegalStateException(ex);
        }
    }

    private int available(String productId) {
        return this.jdbc.sql("select available from stock where product_id = :productId")
            .param("productId", productId)
            .query(Integer.class)
            .single();
    }

    private boolean handled(Envelope message) {
        return this.jdbc.sql("select count(*) from inbox where consumer = 'inventory.commands' and message_id = :id")
            .param("id", message.id())
            .query(Long.class)
            .single() == 1;
    }

    private ParkedMessage parked(Envelope message) {
        return this.transport.parked("inventory.commands").stream()
            .filter(parked -> parked.messageId().equals(message.id()))
            .findFirst()
            .orElse(null);
    }

    private double expiredCount() {
        return this.meters.get("emporium.inventory.reservations.expired").counter().count();
    }

    private long count(String sql) {
        return this.jdbc.sql(sql).query(Long.class).single();
    }

    private List<String> lines(JsonNode reservation) {
        List<String> lines = new ArrayList<>();
        reservation.get("lines").forEach(line -> lines.add(line.get("productId").asString() + " x" + line.get("quantity").asInt()));
        return lines;
    }
}
