package dev.emporium.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import dev.emporium.embedded.EmbeddedPlatform;
import dev.emporium.testsupport.FreePorts;
import dev.emporium.testsupport.postgres.PostgresServer;
import dev.emporium.testsupport.rabbit.TemporaryVhost;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./emporium bench orders}: the order pipeline on the real parts (every service on one PostgreSQL server of
 * its own, RabbitMQ in a virtual host of its own, the provider simulator answering at once), driven by a fixed
 * number of customers, each checking out again as soon as the last checkout answered (a closed loop), for a fixed
 * time. Figures, once with one instance of each consumer (orders' saga, inventory, payments, notifications) and once
 * with two (the second instances in the same JVM, competing for the same queues and outbox rows):
 * <ul>
 * <li>checkout → CONFIRMED: from the order's creation to its confirmation, both stamped by orders (p50, p99);</li>
 * <li>the checkout call itself (p50, p99), as the customer waits for the 202;</li>
 * <li>sustained orders per second: confirmed orders over the time from the first checkout to the last confirmation;</li>
 * <li>outbox publish lag: from an event's commit to its confirm by RabbitMQ, over every outbox (p50, p99).</li>
 * </ul>
 * Options: {@code --duration=30s --customers=16}. Benchmarks report; they never fail on speed.
 */
public final class OrderBenchmark {

    static final JsonMapper json = JsonMapper.builder().build();

    static final List<String> DATABASES = List.of("emporium_directory", "emporium_catalog", "emporium_inventory",
            "emporium_media", "emporium_notifications", "emporium_payment_provider", "emporium_identity_s0",
            "emporium_identity_s1", "emporium_cart_s0", "emporium_cart_s1", "emporium_orders_s0", "emporium_orders_s1",
            "emporium_payments_s0", "emporium_payments_s1");

    static final List<String> OUTBOXES = List.of("emporium_orders_s0", "emporium_orders_s1", "emporium_inventory",
            "emporium_payments_s0", "emporium_payments_s1");

    static final List<String> CONSUMERS = List.of("orders", "inventory", "payments", "notifications");

    static final int PRODUCTS = 20;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final PostgresServer postgres;

    private final EmbeddedPlatform platform;

    private final String api;

    private OrderBenchmark(PostgresServer postgres, EmbeddedPlatform platform) {
        this.postgres = postgres;
        this.platform = platform;
        this.api = platform.gatewayUrl();
    }

    public static void main(String[] args) throws Exception {
        Duration duration = Duration.parse("PT" + option(args, "duration", "30s").toUpperCase());
        int customers = Integer.parseInt(option(args, "customers", "16"));
        Path data = Files.createTempDirectory("emporium-order-bench");
        try (PostgresServer postgres = PostgresServer.primary("orderbench"); TemporaryVhost vhost = TemporaryVhost.create()) {
            postgres.createDatabase(DATABASES.toArray(String[]::new));
            System.out.printf("Starting the platform on PostgreSQL %s and RabbitMQ (vhost %s)...%n", postgres.port(),
                    vhost.name());
            EmbeddedPlatform platform = EmbeddedPlatform.start(new EmbeddedPlatform.Settings(data,
                    FreePorts.range(EmbeddedPlatform.SERVICE_COUNT), List.of("--spring.profiles.active=postgres",
                            "--emporium.postgres.server=127.0.0.1:" + postgres.port(),
                            "--emporium.messaging.transport=rabbit",
                            "--emporium.messaging.rabbit.virtual-host=" + vhost.name())));
            List<ConfigurableApplicationContext> second = new ArrayList<>();
            try {
                OrderBenchmark benchmark = new OrderBenchmark(postgres, platform);
                benchmark.stockUp();
                List<String> tokens = benchmark.customers(customers);
                System.out.printf("%d customers, closed loop, %d s per run, after a %d s warm-up.%n%n", customers,
                        duration.toSeconds(), duration.toSeconds() / 3);
                benchmark.run(tokens, duration.dividedBy(3));
                Figures one = benchmark.run(tokens, duration);
                for (String service : CONSUMERS) {
                    second.add(benchmark.secondInstance(service));
                }
                benchmark.run(tokens, duration.dividedBy(3));
                Figures two = benchmark.run(tokens, duration);
                print(one, two);
            }
            finally {
                second.forEach(ConfigurableApplicationContext::close);
                platform.close();
            }
        }
    }

    record Figures(int orders, int confirmed, double ordersPerSecond, long latencyP50, long latencyP99, long checkoutP50,
            long checkoutP99, long lagP50, long lagP99) {
    }

    Figures run(List<String> tokens, Duration duration) throws Exception {
        Instant start = Instant.now();
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        Map<String, String> placed = new ConcurrentHashMap<>();
        List<Long> checkoutMillis = Collections.synchronizedList(new ArrayList<>());
        AtomicLong failures = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        try (ExecutorService customers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String token : tokens) {
                customers.submit(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            String product = "p" + (1 + ThreadLocalRandom.current().nextInt(PRODUCTS));
                            call("PUT", "/api/cart/items/" + product, token, "{\"quantity\":1}", null);
                            long before = System.nanoTime();
                            JsonNode order = call("POST", "/api/orders", token, """
                                    {"shippingAddress":{"name":"Ada Lovelace","line1":"12 St James's Square",
                                     "city":"London","postalCode":"SW1Y 4JH","country":"GB"},"paymentToken":"tok_visa"}""",
                                    UUID.randomUUID().toString());
                            checkoutMillis.add((System.nanoTime() - before) / 1_000_000);
                            placed.put(order.get("id").asString(), token);
                        }
                        catch (IOException | RuntimeException ex) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        List<Long> latencies = new ArrayList<>();
        Instant lastConfirmed = start;
        int confirmed = 0;
        for (Map.Entry<String, String> order : placed.entrySet()) {
            JsonNode settled = settle(order.getKey(), order.getValue());
            if (settled.get("status").asString().equals("CONFIRMED")) {
                confirmed++;
                Instant created = Instant.parse(settled.get("createdAt").asString());
                Instant updated = Instant.parse(settled.get("updatedAt").asString());
                latencies.add(Duration.between(created, updated).toMillis());
                lastConfirmed = updated.isAfter(lastConfirmed) ? updated : lastConfirmed;
            }
        }
        List<Long> lags = outboxLags(since);
        if (failures.get() > 0) {
            System.out.printf("  (%d calls failed)%n", failures.get());
        }
        double seconds = Duration.between(start, lastConfirmed).toMillis() / 1000.0;
        return new Figures(placed.size(), confirmed, confirmed / seconds, percentile(latencies, 50),
                percentile(latencies, 99), percentile(checkoutMillis, 50), percentile(checkoutMillis, 99),
                percentile(lags, 50), percentile(lags, 99));
    }

    private JsonNode settle(String id, String token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            JsonNode order = call("GET", "/api/orders/" + id, token, null, null);
            if (!order.get("status").asString().equals("PENDING") || System.nanoTime() > deadline) {
                return order;
            }
            Thread.sleep(50);
        }
    }

    private List<Long> outboxLags(OffsetDateTime since) throws Exception {
        List<Long> lags = new ArrayList<>();
        for (String database : OUTBOXES) {
            try (Connection connection = DriverManager.getConnection(this.postgres.jdbcUrl(database), "postgres", "");
                    PreparedStatement query = connection.prepareStatement(
                            "select extract(epoch from (sent_at - created_at)) * 1000 from outbox"
                                    + " where created_at >= ? and sent_at is not null")) {
                query.setObject(1, since);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        lags.add(Math.round(rows.getDouble(1)));
                    }
                }
            }
        }
        return lags;
    }

    /** A second instance of a consumer, in this JVM, on a port of its own: it competes for the same queues. */
    ConfigurableApplicationContext secondInstance(String service) throws Exception {
        EmbeddedPlatform.ServiceLaunch launch = this.platform.argumentsFor(service);
        List<String> arguments = new ArrayList<>(launch.arguments().stream()
            .filter(argument -> !argument.startsWith("--server.port="))
            .toList());
        arguments.add("--server.port=" + FreePorts.range(1));
        arguments.add("--spring.jmx.enabled=false");
        return new SpringApplicationBuilder(Class.forName(launch.mainClass())).registerShutdownHook(false)
            .run(arguments.toArray(String[]::new));
    }

    void stockUp() throws Exception {
        try (Connection connection = DriverManager.getConnection(this.postgres.jdbcUrl("emporium_inventory"), "postgres", "");
                PreparedStatement update = connection.prepareStatement("update stock set available = 1000000 where product_id = ?")) {
            for (int product = 1; product <= PRODUCTS; product++) {
                update.setString(1, "p" + product);
                update.executeUpdate();
            }
        }
    }

    List<String> customers(int count) throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String email = "bench-" + UUID.randomUUID() + "@example.test";
            call("POST", "/api/auth/register", null,
                    "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"name\":\"Bench " + i + "\"}", null);
            tokens.add(call("POST", "/api/auth/login", null,
                    "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}", null)
                .get("accessToken").asString());
        }
        return tokens;
    }

    private JsonNode call(String method, String path, String token, String body, String idempotencyKey)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.api + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        try {
            HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return json.readTree(response.body());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException(ex);
        }
    }

    static long percentile(List<Long> values, int percentile) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    static void print(Figures one, Figures two) {
        System.out.println();
        System.out.println("| consumers per queue | orders (confirmed) | orders/s | checkout→CONFIRMED p50 / p99 | checkout call p50 / p99 | outbox publish lag p50 / p99 |");
        System.out.println("|---|---|---|---|---|---|");
        for (Figures figures : List.of(one, two)) {
            System.out.printf("| %d | %d (%d) | %.1f | %d / %d ms | %d / %d ms | %d / %d ms |%n", figures == one ? 1 : 2,
                    figures.orders(), figures.confirmed(), figures.ordersPerSecond(), figures.latencyP50(),
                    figures.latencyP99(), figures.checkoutP50(), figures.checkoutP99(), figures.lagP50(),
                    figures.lagP99());
        }
        System.out.printf("%nRatio, two consumers to one: orders/s %.2f, checkout→CONFIRMED p99 %.2f%n",
                two.ordersPerSecond() / one.ordersPerSecond(), (double) two.latencyP99() / one.latencyP99());
    }

    static String option(String[] args, String name, String fallback) {
        for (String arg : args) {
            if (arg.startsWith("--" + name + "=")) {
                return arg.substring(name.length() + 3);
            }
        }
        return fallback;
    }
}
