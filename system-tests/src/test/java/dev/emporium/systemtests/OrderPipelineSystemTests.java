package dev.emporium.systemtests;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.emporium.embedded.EmbeddedPlatform;
import dev.emporium.testsupport.FreePorts;
import dev.emporium.testsupport.postgres.PostgresServer;
import dev.emporium.testsupport.rabbit.TemporaryVhost;
import dev.emporium.testsupport.redis.RedisServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The asynchronous order pipeline (DESIGN §5) on the real parts: every service on PostgreSQL (a server of the
 * test's own), RabbitMQ (a virtual host of the test's own on the machine's broker), a real SMTP server (GreenMail),
 * and the payment-provider simulator; orders runs as a process of its own, so that it can be killed. After every
 * test, a reconciliation checks every order placed so far: a confirmed order has exactly one captured payment and
 * one committed reservation; a cancelled one has no capture and no reservation outstanding.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrderPipelineSystemTests {

    static final Map<String, Object> ADDRESS = ShopApiSystemTests.ADDRESS;

    static final JsonMapper json = JsonMapper.builder().build();

    PostgresServer postgres;

    RedisServer redis;

    TemporaryVhost vhost;

    GreenMail smtp;

    int smtpPort;

    EmbeddedPlatform platform;

    Path dataDirectory;

    Process orders;

    com.rabbitmq.client.Connection rabbit;

    Channel tap;

    Api api;

    String admin;

    /** Every order placed, with its customer's token, for the reconciliation. */
    final Map<String, String> placed = new ConcurrentHashMap<>();

    @BeforeAll
    void startEverything() throws Exception {
        this.postgres = PostgresServer.primary("pipeline");
        this.postgres.createDatabase("emporium_directory", "emporium_catalog", "emporium_inventory", "emporium_media",
                "emporium_notifications", "emporium_payment_provider", "emporium_identity_s0", "emporium_identity_s1",
                "emporium_cart_s0", "emporium_cart_s1", "emporium_orders_s0", "emporium_orders_s1",
                "emporium_payments_s0", "emporium_payments_s1");
        this.vhost = TemporaryVhost.create();
        this.redis = RedisServer.start("pipeline");
        this.smtpPort = FreePorts.range(1);
        this.smtp = startSmtp();
        this.dataDirectory = Files.createTempDirectory("emporium-pipeline-test");
        this.platform = EmbeddedPlatform.start(new EmbeddedPlatform.Settings(this.dataDirectory,
                FreePorts.range(EmbeddedPlatform.SERVICE_COUNT), List.of(
                        "--spring.profiles.active=postgres",
                        "--emporium.postgres.server=127.0.0.1:" + this.postgres.port(),
                        "--emporium.messaging.transport=rabbit",
                        "--emporium.messaging.rabbit.virtual-host=" + this.vhost.name(),
                        "--emporium.messaging.retry-backoff=200ms,400ms",
                        "--spring.mail.host=127.0.0.1",
                        "--spring.mail.port=" + this.smtpPort,
                        // The catalog's caches share Redis, and confirmed orders feed its best sellers.
                        "--emporium.cache.redis.enabled=true",
                        "--emporium.cache.redis.url=" + this.redis.url()),
                Set.of("orders")));
        this.orders = startOrders();
        openTap();
        this.api = new Api(this.platform.gatewayUrl());
        this.admin = this.api.post("/api/auth/login", null,
                Map.of("email", "admin@emporium.dev", "password", "emporium-admin")).expect(200).json()
            .get("accessToken").asString();
        // Plenty of every product the tests buy, whatever the demo catalog holds.
        for (int product = 1; product <= 9; product++) {
            setStock("p" + product, 1_000);
        }
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (this.orders != null) {
            this.orders.destroy();
            this.orders.waitFor();
        }
        if (this.platform != null) {
            this.platform.close();
        }
        if (this.rabbit != null) {
            this.rabbit.close();
        }
        if (this.smtp != null) {
            this.smtp.stop();
        }
        if (this.vhost != null) {
            this.vhost.close();
        }
        if (this.postgres != null) {
            this.postgres.close();
        }
        if (this.redis != null) {
            this.redis.close();
        }
        if (this.dataDirectory != null) {
            try (Stream<Path> files = Files.walk(this.dataDirectory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @AfterEach
    void reconcile() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (Map.Entry<String, String> order : this.placed.entrySet()) {
                reconcile(order.getKey(), order.getValue());
            }
        });
    }

    @Test
    @Order(1)
    void aCheckoutIsConfirmedWithOneCaptureOneCommittedReservationAndOneEmail() throws Exception {
        Customer customer = customer();
        long total = customer.fill("p1", 2);

        String id = customer.checkout("tok_visa");

        JsonNode order = this.api.awaitOrder(id, customer.token, "CONFIRMED");
        assertThat(order.get("total").get("amount").asLong()).isEqualTo(total);
        JsonNode payment = payment(customer, id);
        assertThat(payment.get("status").asString()).isEqualTo("CAPTURED");
        assertThat(payment.get("amountMinor").asLong()).isEqualTo(total);
        assertThat(reservation(id).get("status").asString()).isEqualTo("COMMITTED");
        List<MimeMessage> emails = awaitEmails(customer.email, 1);
        assertThat(subject(emails.getFirst())).containsIgnoringCase("confirmed");
    }

    @Test
    @Order(2)
    void aDeclinedPaymentCancelsTheOrderReleasesTheStockAndSaysSoByEmail() throws Exception {
        Customer customer = customer();
        int before = stock("p2");
        customer.fill("p2", 3);

        String id = customer.checkout("tok_chargeDeclined");

        JsonNode order = this.api.awaitOrder(id, customer.token, "CANCELLED");
        assertThat(order.get("reason").asString()).containsIgnoringCase("declined");
        assertThat(payment(customer, id).get("status").asString()).isEqualTo("DECLINED");
        await().until(() -> reservation(id).get("status").asString().equals("RELEASED"));
        assertThat(stock("p2")).isEqualTo(before);
        assertThat(subject(awaitEmails(customer.email, 1).getFirst())).containsIgnoringCase("cancelled");
    }

    @Test
    @Order(3)
    void theSameMessageDeliveredTwiceOrOutOfOrderHasOneEffect() throws Exception {
        Customer customer = customer();
        customer.fill("p3", 1);
        String id = customer.checkout("tok_visa");
        this.api.awaitOrder(id, customer.token, "CONFIRMED");
        awaitEmails(customer.email, 1);
        JsonNode paymentBefore = payment(customer, id);

        // Every message of the order's saga, as the broker carried them, delivered once more; the reservation once
        // more again, out of order, after everything else.
        List<Tapped> messages = tapped(id);
        assertThat(messages).extracting(Tapped::type).contains("inventory.reserve-stock", "stock.reserved",
                "payments.charge", "payment.captured", "inventory.commit-stock", "stock.committed", "order.confirmed");
        for (Tapped message : messages) {
            republish(message);
        }
        republish(messages.stream().filter(message -> message.type().equals("stock.reserved")).findFirst().orElseThrow());

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(this.api.get("/api/orders/" + id, customer.token).expect(200).json().get("status").asString())
                .isEqualTo("CONFIRMED");
            assertThat(payment(customer, id)).isEqualTo(paymentBefore);
            assertThat(reservation(id).get("status").asString()).isEqualTo("COMMITTED");
            assertThat(emailsTo(customer.email)).hasSize(1);
        });
    }

    @Test
    @Order(4)
    void fiftyCheckoutsForTenUnitsConfirmExactlyTen() throws Exception {
        String product = "p7";
        setStock(product, 10);
        List<Customer> customers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Customer customer = customer();
            customer.fill(product, 1);
            customers.add(customer);
        }

        List<Future<String>> checkouts = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(50)) {
            for (Customer customer : customers) {
                Callable<String> checkout = () -> customer.checkout("tok_visa");
                checkouts.add(clients.submit(checkout));
            }
        }
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        for (int i = 0; i < customers.size(); i++) {
            JsonNode order = awaitSettled(checkouts.get(i).get(), customers.get(i).token);
            outcomes.merge(order.get("status").asString(), 1, Integer::sum);
            if (order.get("status").asString().equals("CANCELLED")) {
                assertThat(order.get("reason").asString()).containsIgnoringCase("stock");
            }
        }

        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("CONFIRMED", 10, "CANCELLED", 40));
        assertThat(stock(product)).isZero();
    }

    @Test
    @Order(5)
    void checkoutsWhileRabbitMqIsDownAreAcceptedAndCompleteAfterItReturns() throws Exception {
        Customer first = customer();
        first.fill("p4", 1);
        String inFlight = first.checkout("tok_slow");
        List<String> accepted = new ArrayList<>();
        List<Customer> during = new ArrayList<>();
        rabbitmqctl("stop_app");
        try {
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < end) {
                Customer customer = customer();
                customer.fill("p5", 1);
                accepted.add(customer.checkout("tok_visa"));
                during.add(customer);
                Thread.sleep(5_000);
            }
        }
        finally {
            rabbitmqctl("start_app");
        }
        openTap();

        assertThat(accepted).hasSizeGreaterThanOrEqualTo(5);
        this.api.awaitOrder(inFlight, first.token, "CONFIRMED");
        for (int i = 0; i < accepted.size(); i++) {
            this.api.awaitOrder(accepted.get(i), during.get(i).token, "CONFIRMED");
        }
    }

    @Test
    @Order(6)
    void anOrderCommittedByAProcessKilledBeforeItPublishedStillCompletes() throws Exception {
        // A relay that waits an hour keeps this orders process between its commit and the publish for good.
        stopOrders(false);
        this.orders = startOrders("--emporium.messaging.relay.initial-delay=1h");
        Customer customer = customer();
        customer.fill("p6", 1);
        String id = customer.checkout("tok_visa");
        assertThat(unsentOutboxRows()).isPositive();
        assertThat(this.api.get("/api/orders/" + id, customer.token).expect(200).json().get("status").asString())
            .isEqualTo("PENDING");

        stopOrders(true);
        this.orders = startOrders();

        this.api.awaitOrder(id, customer.token, "CONFIRMED");
        assertThat(unsentOutboxRows()).isZero();
    }

    @Test
    @Order(7)
    void anEmailThatCannotBeSentIsParkedAfterItsRetriesAndSentWhenReplayed() throws Exception {
        this.smtp.stop();
        Customer customer = customer();
        customer.fill("p8", 1);
        String id = customer.checkout("tok_visa");
        this.api.awaitOrder(id, customer.token, "CONFIRMED");

        JsonNode parked = await().until(() -> parkedAbout("notifications", id), message -> message != null);
        assertThat(parked.get("queue").asString()).isEqualTo("notifications.orders");
        assertThat(parked.get("type").asString()).isEqualTo("order.confirmed");
        assertThat(parked.get("attempts").asInt()).isEqualTo(3);

        this.smtp = startSmtp();
        ProcessBuilder replay = new ProcessBuilder("./emporium", "dlq", "replay", "notifications", "notifications.orders",
                parked.get("messageId").asString())
            .directory(new File("..").getCanonicalFile())
            .redirectErrorStream(true);
        replay.environment().put("EMPORIUM_URL", this.platform.gatewayUrl());
        Process replaying = replay.start();
        replaying.getOutputStream().close();
        String output = new String(replaying.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(replaying.waitFor()).as(output).isZero();
        assertThat(output).contains("\"replayed\": 1");

        assertThat(subject(awaitEmails(customer.email, 1).getFirst())).containsIgnoringCase("confirmed");
        assertThat(parkedAbout("notifications", id)).isNull();
    }

    @Test
    @Order(8)
    void confirmedOrdersFeedTheBestSellersWhichLeadThePopularProducts() throws Exception {
        Customer customer = customer();
        customer.fill("p9", 50);
        String id = customer.checkout("tok_visa");
        this.api.awaitOrder(id, customer.token, "CONFIRMED");

        // The catalog counts the order once, from orders' order.confirmed, in Redis's sorted set.
        await().atMost(Duration.ofSeconds(10))
            .until(() -> "50".equals(this.redis.command("ZSCORE", "emporium:catalog:best-sellers", "p9")));
        JsonNode popular = this.api.get("/api/catalog/products/popular?limit=3", null).expect(200).json();
        assertThat(popular.get(0).get("id").asString()).isEqualTo("p9");
        assertThat(this.redis.command("EXISTS", "emporium:catalog:sales-counted:" + id)).isEqualTo("1");
    }

    // --- the customer ------------------------------------------------------------------------------------------

    Customer customer() {
        String email = "buyer-" + UUID.randomUUID() + "@example.test";
        return new Customer(email, this.api.newCustomer(email, "Buyer"));
    }

    final class Customer {

        final String email;

        final String token;

        Customer(String email, String token) {
            this.email = email;
            this.token = token;
        }

        /** Puts the product in the cart; returns the cart's total. */
        long fill(String product, int quantity) {
            return OrderPipelineSystemTests.this.api.put("/api/cart/items/" + product, this.token,
                    Map.of("quantity", quantity)).expect(200).json().get("total").get("amount").asLong();
        }

        /**
         * Places the order as the platform asks a client to: a 503 problem (a bulkhead full while fifty checkouts run)
         * is sent again with the same Idempotency-Key, so it can never become a second order.
         */
        String checkout(String paymentToken) {
            String key = UUID.randomUUID().toString();
            String id = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsMatching(OrderPipelineSystemTests::askAgain)
                .until(() -> OrderPipelineSystemTests.this.api.call(HttpMethod.POST, "/api/orders", this.token,
                        Map.of("shippingAddress", ADDRESS, "paymentToken", paymentToken),
                        Map.of("Idempotency-Key", key)).expect(202).json().get("id").asString(), Objects::nonNull);
            OrderPipelineSystemTests.this.placed.put(id, this.token);
            return id;
        }
    }

    /** A 503 problem (a bulkhead full while fifty checkouts run) says "ask again shortly". */
    static boolean askAgain(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().contains("\"status\":503");
    }

    JsonNode awaitSettled(String id, String token) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
            .ignoreExceptionsMatching(OrderPipelineSystemTests::askAgain)
            .until(() -> this.api.get("/api/orders/" + id, token).expect(200).json(),
                    order -> !order.get("status").asString().equals("PENDING"));
    }

    // --- reconciliation ----------------------------------------------------------------------------------------

    void reconcile(String id, String token) {
        JsonNode order = this.api.get("/api/orders/" + id, token).expect(200).json();
        String status = order.get("status").asString();
        assertThat(status).as("order %s settles", id).isNotEqualTo("PENDING");
        JsonNode payment = paymentOrNull(token, id);
        JsonNode reservation = reservationOrNull(id);
        if (status.equals("CONFIRMED")) {
            assertThat(payment).as("payment of confirmed order %s", id).isNotNull();
            assertThat(payment.get("status").asString()).as("payment of %s", id).isEqualTo("CAPTURED");
            assertThat(payment.get("amountMinor").asLong()).isEqualTo(order.get("total").get("amount").asLong());
            assertThat(reservation).as("reservation of confirmed order %s", id).isNotNull();
            assertThat(reservation.get("status").asString()).as("reservation of %s", id).isEqualTo("COMMITTED");
        }
        else {
            if (payment != null) {
                assertThat(payment.get("status").asString()).as("payment of cancelled order %s", id)
                    .isIn("DECLINED", "FAILED", "REFUNDED");
            }
            if (reservation != null) {
                assertThat(reservation.get("status").asString()).as("reservation of cancelled order %s", id)
                    .isNotIn("RESERVED", "COMMITTED");
            }
        }
    }

    JsonNode payment(Customer customer, String orderId) {
        JsonNode payment = paymentOrNull(customer.token, orderId);
        assertThat(payment).as("payment of %s", orderId).isNotNull();
        return payment;
    }

    JsonNode paymentOrNull(String customerToken, String orderId) {
        String userId = subject(customerToken);
        var response = this.api.get("/api/admin/payments?userId=" + userId + "&orderId=" + orderId, this.admin);
        return response.status() == 404 ? null : response.expect(200).json();
    }

    JsonNode reservation(String orderId) {
        JsonNode reservation = reservationOrNull(orderId);
        assertThat(reservation).as("reservation of %s", orderId).isNotNull();
        return reservation;
    }

    JsonNode reservationOrNull(String orderId) {
        var response = this.api.get("/api/admin/reservations/" + orderId, this.admin);
        return response.status() == 404 ? null : response.expect(200).json();
    }

    /** The user id in an access token (its subject), read without checking the signature: the test issued it. */
    static String subject(String token) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return json.readTree(payload).get("sub").asString();
    }

    JsonNode parkedAbout(String service, String orderId) {
        for (JsonNode queue : this.api.get("/api/ops/messaging/" + service + "/parked", this.admin).expect(200).json()) {
            for (JsonNode message : queue.get("messages")) {
                if (message.get("body").asString().contains(orderId)) {
                    return message;
                }
            }
        }
        return null;
    }

    // --- email ---------------------------------------------------------------------------------------------------

    GreenMail startSmtp() {
        GreenMail server = new GreenMail(new ServerSetup(this.smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }

    List<MimeMessage> emailsTo(String address) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage message : this.smtp.getReceivedMessages()) {
            if (message.getAllRecipients()[0].toString().contains(address)) {
                found.add(message);
            }
        }
        return found;
    }

    List<MimeMessage> awaitEmails(String address, int count) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> emailsTo(address).size() >= count);
        // Then nothing more arrives for it: each email is sent once.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> emailsTo(address).size() == count);
        return emailsTo(address);
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        }
        catch (jakarta.mail.MessagingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    // --- databases -------------------------------------------------------------------------------------------

    int stock(String product) throws SQLException {
        try (Connection connection = DriverManager.getConnection(this.postgres.jdbcUrl("emporium_inventory"), "postgres", "");
                var statement = connection.prepareStatement("select available from stock where product_id = ?")) {
            statement.setString(1, product);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    void setStock(String product, int available) throws SQLException {
        try (Connection connection = DriverManager.getConnection(this.postgres.jdbcUrl("emporium_inventory"), "postgres", "");
                var statement = connection.prepareStatement("update stock set available = ? where product_id = ?")) {
            statement.setInt(1, available);
            statement.setString(2, product);
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }

    int unsentOutboxRows() throws SQLException {
        int unsent = 0;
        for (String shard : List.of("s0", "s1")) {
            try (Connection connection = DriverManager.getConnection(this.postgres.jdbcUrl("emporium_orders_" + shard),
                    "postgres", ""); Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("select count(*) from outbox where sent_at is null")) {
                row.next();
                unsent += row.getInt(1);
            }
        }
        return unsent;
    }

    // --- RabbitMQ ------------------------------------------------------------------------------------------------

    /** A queue of the test's own that receives a copy of every message of the saga. */
    void openTap() throws Exception {
        if (this.rabbit != null && this.rabbit.isOpen()) {
            this.rabbit.abort();
        }
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        factory.setVirtualHost(this.vhost.name());
        this.rabbit = factory.newConnection("order-pipeline-tap");
        this.tap = this.rabbit.createChannel();
        this.tap.queueDeclare("test.tap", true, false, false, null);
        for (String exchange : List.of("emporium.orders", "emporium.inventory", "emporium.payments")) {
            this.tap.exchangeDeclare(exchange, "topic", true);
            this.tap.queueBind("test.tap", exchange, "#");
        }
    }

    record Tapped(String exchange, String type, AMQP.BasicProperties properties, byte[] body) {
    }

    /** The messages about the order that passed so far, in the order the tap got them. */
    List<Tapped> tapped(String orderId) throws IOException {
        List<Tapped> all = new ArrayList<>();
        GetResponse response;
        while ((response = this.tap.basicGet("test.tap", true)) != null) {
            all.add(new Tapped(response.getEnvelope().getExchange(), response.getEnvelope().getRoutingKey(),
                    response.getProps(), response.getBody()));
        }
        return all.stream().filter(message -> new String(message.body(), StandardCharsets.UTF_8).contains(orderId)).toList();
    }

    void republish(Tapped message) throws IOException {
        this.tap.basicPublish(message.exchange(), message.type(), message.properties(), message.body());
    }

    static void rabbitmqctl(String command) throws Exception {
        Process process = new ProcessBuilder("rabbitmqctl", command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("rabbitmqctl %s: %s", command, output).isZero();
    }

    // --- the orders process ----------------------------------------------------------------------------------

    /** Starts orders in a JVM of its own, on the platform's classpath, and waits until it is ready. */
    Process startOrders(String... extra) throws Exception {
        EmbeddedPlatform.ServiceLaunch launch = this.platform.argumentsFor("orders");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), launch.mainClass()));
        command.addAll(launch.arguments());
        command.addAll(List.of(extra));
        Path log = this.dataDirectory.resolve("orders-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String port = launch.arguments().stream()
            .filter(argument -> argument.startsWith("--server.port="))
            .findFirst()
            .orElseThrow()
            .substring("--server.port=".length());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(process.isAlive()).as("orders process (log %s)", log).isTrue();
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            }
            catch (IOException ex) {
                return false;
            }
        });
        return process;
    }

    /** Stops the orders process: SIGKILL when {@code kill}, else SIGTERM (a graceful shutdown). */
    void stopOrders(boolean kill) throws InterruptedException {
        if (kill) {
            this.orders.destroyForcibly();
        }
        else {
            this.orders.destroy();
        }
        this.orders.waitFor();
    }
}
