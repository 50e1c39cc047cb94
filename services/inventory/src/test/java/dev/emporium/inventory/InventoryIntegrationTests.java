package dev.emporium.inventory;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.emporium.democatalog.DemoCatalog;
import dev.emporium.democatalog.DemoProduct;
import dev.emporium.testsupport.HttpTestClient;
import dev.emporium.testsupport.HttpTestClient.Response;
import dev.emporium.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inventory service over real HTTP with real signed tokens. Seeded demo products are only read; every test that
 * reserves creates its own {@code test-*} products, so the tests do not depend on each other's order. Each subclass
 * names the database: the same tests run on H2 ({@link InventoryH2IntegrationTests}) and on PostgreSQL
 * ({@link InventoryPostgresIntegrationTests}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=inventory",
        "emporium.inventory.demo-stock=true" })
@Import(TestJwtIssuer.Configuration.class)
abstract class InventoryIntegrationTests {

    private static final String ORDERS = TestJwtIssuer.bearer("orders");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    HttpTestClient http;

    @BeforeEach
    void client() {
        this.http = HttpTestClient.forPort(this.port);
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
    void reservesOnceAndAnswersARepeatWithTheSameReservation() {
        stock("test-lamp", 10);
        stock("test-mug", 3);
        String request = """
                {"orderId":"order-repeat","lines":[{"productId":"test-mug","quantity":2},{"productId":"test-lamp","quantity":4}]}""";

        Response first = this.http.post("/internal/reservations", request, ORDERS);
        assertThat(first.status()).isEqualTo(201);
        JsonNode reservation = first.json();
        assertThat(reservation.get("orderId").asString()).isEqualTo("order-repeat");
        assertThat(reservation.get("status").asString()).isEqualTo("RESERVED");
        assertThat(lines(reservation)).containsExactly("test-lamp x4", "test-mug x2");
        assertThat(available("test-lamp")).isEqualTo(6);
        assertThat(available("test-mug")).isEqualTo(1);

        String repeat = """
                {"orderId":"order-repeat","lines":[{"productId":"test-lamp","quantity":1}]}""";
        Response second = this.http.post("/internal/reservations", repeat, ORDERS);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json()).isEqualTo(reservation);
        assertThat(available("test-lamp")).isEqualTo(6);
        assertThat(available("test-mug")).isEqualTo(1);
        assertThat(this.http.get("/api/inventory/test-lamp").json().get("available").asInt()).isEqualTo(6);
    }

    @Test
    void reservesNothingWhenAnyLineLacksStock() {
        stock("test-chair", 5);
        stock("test-desk", 2);
        String request = """
                {"orderId":"order-short","lines":[
                  {"productId":"test-chair","quantity":1},
                  {"productId":"test-unknown","quantity":1},
                  {"productId":"test-desk","quantity":3}]}""";

        Response response = this.http.post("/internal/reservations", request, ORDERS);
        response.assertProblem(409, "Not enough stock");
        List<String> products = new ArrayList<>();
        response.json().get("products").forEach(product -> products.add(product.asString()));
        assertThat(products).containsExactly("test-desk", "test-unknown");
        assertThat(available("test-chair")).isEqualTo(5);
        assertThat(available("test-desk")).isEqualTo(2);
        assertThat(count("select count(*) from reservations where order_id = 'order-short'")).isZero();
        assertThat(count("select count(*) from reservation_lines where order_id = 'order-short'")).isZero();

        // Nothing was kept for the order id: a retry that fits is a first reservation.
        Response retry = this.http.post("/internal/reservations", """
                {"orderId":"order-short","lines":[{"productId":"test-desk","quantity":2}]}""", ORDERS);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(available("test-desk")).isZero();
    }

    @Test
    void rejectsInvalidReservationsNamingTheFields() {
        assertThat(validationErrors("""
                {"lines":[{"productId":"p1","quantity":0},{"productId":"p2","quantity":100},{"quantity":1}]}"""))
            .containsExactlyInAnyOrder("orderId", "lines[0].quantity", "lines[1].quantity", "lines[2].productId");
        assertThat(validationErrors("""
                {"orderId":"order-duplicates","lines":[{"productId":"p1","quantity":1},{"productId":"p1","quantity":2}]}"""))
            .containsExactly("lines");
        assertThat(validationErrors("{\"orderId\":\"order-empty\",\"lines\":[]}")).containsExactly("lines");
        String tooMany = IntStream.range(0, 101)
            .mapToObj(i -> "{\"productId\":\"p" + (i + 1) + "\",\"quantity\":1}")
            .collect(Collectors.joining(",", "{\"orderId\":\"order-many\",\"lines\":[", "]}"));
        assertThat(validationErrors(tooMany)).containsExactly("lines");
        assertThat(validationErrors("{\"orderId\":\"" + "o".repeat(65) + "\",\"lines\":[{\"productId\":\"p1\",\"quantity\":1}]}"))
            .containsExactly("orderId");
        assertThat(available("p1")).isEqualTo(DemoCatalog.standard().products().getFirst().stock());
    }

    @Test
    void rejectsMalformedJson() {
        this.http.post("/internal/reservations", "{\"orderId\":", ORDERS).assertProblem(400, "Malformed request body");
        Response wrongType = this.http.post("/internal/reservations",
                "{\"orderId\":\"o\",\"lines\":[{\"productId\":\"p1\",\"quantity\":\"many\"}]}", ORDERS);
        wrongType.assertProblem(400, "Malformed request body");
        assertThat(wrongType.json().get("errors").get(0).get("field").asString()).isEqualTo("lines[0].quantity");
    }

    @Test
    void reservingNeedsAValidToken() {
        String request = "{\"orderId\":\"order-anonymous\",\"lines\":[{\"productId\":\"p1\",\"quantity\":1}]}";
        this.http.post("/internal/reservations", request, null).assertProblem(401, "Authentication required");
        this.http.post("/internal/reservations", request, "Bearer not-a-token").assertProblem(401, "Invalid token");
        assertThat(count("select count(*) from reservations where order_id = 'order-anonymous'")).isZero();
    }

    @Test
    void neverOversellsUnderConcurrentReservations() throws Exception {
        stock("test-race", 5);
        List<Integer> statuses = concurrently(20, i -> this.http.post("/internal/reservations",
                "{\"orderId\":\"order-race-" + i + "\",\"lines\":[{\"productId\":\"test-race\",\"quantity\":1}]}", ORDERS));
        assertThat(statuses.stream().filter(status -> status == 201)).hasSize(5);
        assertThat(statuses.stream().filter(status -> status == 409)).hasSize(15);
        assertThat(available("test-race")).isZero();
        assertThat(count("select count(*) from reservation_lines where product_id = 'test-race'")).isEqualTo(5);
    }

    @Test
    void concurrentRepeatsOfOneOrderReserveOnce() throws Exception {
        stock("test-repeat", 10);
        List<Integer> statuses = concurrently(8, i -> this.http.post("/internal/reservations",
                "{\"orderId\":\"order-same\",\"lines\":[{\"productId\":\"test-repeat\",\"quantity\":2}]}", ORDERS));
        assertThat(statuses.stream().filter(status -> status == 201)).hasSize(1);
        assertThat(statuses.stream().filter(status -> status == 200)).hasSize(7);
        assertThat(available("test-repeat")).isEqualTo(8);
    }

    private List<Integer> concurrently(int callers, Function<Integer, Response> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService executor = Executors.newFixedThreadPool(callers)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                int caller = i;
                Callable<Integer> task = () -> {
                    start.await();
                    return call.apply(caller).status();
                };
                results.add(executor.submit(task));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            return statuses;
        }
    }

    private void stock(String productId, int available) {
        this.jdbc.sql("insert into stock (product_id, available, updated_at) values (:productId, :available, :at)")
            .param("productId", productId)
            .param("available", available)
            .param("at", OffsetDateTime.now())
            .update();
    }

    private int available(String productId) {
        return this.jdbc.sql("select available from stock where product_id = :productId")
            .param("productId", productId)
            .query(Integer.class)
            .single();
    }

    private long count(String sql) {
        return this.jdbc.sql(sql).query(Long.class).single();
    }

    private List<String> lines(JsonNode reservation) {
        List<String> lines = new ArrayList<>();
        reservation.get("lines").forEach(line -> lines.add(line.get("productId").asString() + " x" + line.get("quantity").asInt()));
        return lines;
    }

    private List<String> validationErrors(String body) {
        Response response = this.http.post("/internal/reservations", body, ORDERS);
        response.assertProblem(400, "Validation failed");
        return response.errorFields();
    }
}
