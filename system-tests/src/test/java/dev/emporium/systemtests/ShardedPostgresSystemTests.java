package dev.emporium.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.emporium.embedded.EmbeddedPlatform;
import dev.emporium.testsupport.FreePorts;
import dev.emporium.platform.sharding.Buckets;
import dev.emporium.testsupport.HttpTestClient.Response;
import dev.emporium.testsupport.postgres.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole platform on real PostgreSQL servers on loopback, users sharded over them (DESIGN §4, issue 3): a server
 * for the directory and the unsharded services, shard s0 (a synchronous primary with a streaming replica), shard s1,
 * and shard s2, configured but empty, the target of a move. The tests run in order: each builds on the data the
 * ones before left, as an operator's day would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShardedPostgresSystemTests {

    static final String PASSWORD = "correct horse battery";

    static final String ADDRESS = """
            {"shippingAddress":{"name":"Ada Lovelace","line1":"12 St James's Square","city":"London",
             "postalCode":"SW1Y 4JH","country":"GB"},"paymentToken":"tok_visa"}
            """;

    final Map<String, PostgresServer> servers = new LinkedHashMap<>();

    EmbeddedPlatform platform;

    Path dataDirectory;

    Api api;

    String admin;

    /** Registered users: id → access token. */
    final Map<String, String> users = new LinkedHashMap<>();

    final Map<String, String> emails = new ConcurrentHashMap<>();

    /** Orders acknowledged (202) to each user, by user id. */
    final Map<String, Set<String>> orders = new ConcurrentHashMap<>();

    @BeforeAll
    void startServersAndPlatform() throws Exception {
        PostgresServer main = server(PostgresServer.primary("main"));
        PostgresServer s0 = server(PostgresServer.synchronousPrimary("s0"));
        // A synchronous primary waits for its replica on every commit: the replica comes first.
        PostgresServer s0replica = server(s0.replica("s0r"));
        PostgresServer s1 = server(PostgresServer.primary("s1"));
        PostgresServer s2 = server(PostgresServer.primary("s2"));
        main.createDatabase("emporium_directory", "emporium_catalog", "emporium_inventory", "emporium_media",
                "emporium_notifications", "emporium_payment_provider");
        for (String shard : List.of("s0", "s1", "s2")) {
            this.servers.get(shard).createDatabase("emporium_identity_" + shard, "emporium_cart_" + shard,
                    "emporium_orders_" + shard, "emporium_payments_" + shard);
        }
        s0replica.awaitCaughtUp(Duration.ofSeconds(10));
        String params = "${emporium.postgres.params}";
        this.dataDirectory = Files.createTempDirectory("emporium-pg-system-test");
        this.platform = EmbeddedPlatform.start(new EmbeddedPlatform.Settings(this.dataDirectory,
                FreePorts.range(EmbeddedPlatform.SERVICE_COUNT), List.of(
                        "--spring.profiles.active=postgres",
                        "--emporium.postgres.server=127.0.0.1:" + main.port(),
                        // The primary's host list names the replica too: after a promotion pgjdbc finds it by itself.
                        "--emporium.postgres.shard-servers.s0=127.0.0.1:" + s0.port() + ",127.0.0.1:" + s0replica.port(),
                        "--emporium.postgres.shard-servers.s1=127.0.0.1:" + s1.port(),
                        "--emporium.sharding.shards.s0.replica-url=jdbc:postgresql://127.0.0.1:" + s0replica.port()
                                + ",127.0.0.1:" + s0.port() + "/emporium_${spring.application.name}_s0"
                                + "?targetServerType=preferSecondary&" + params,
                        "--emporium.sharding.shards.s2.url=jdbc:postgresql://127.0.0.1:" + s2.port()
                                + "/emporium_${spring.application.name}_s2?targetServerType=primary&" + params,
                        "--emporium.sharding.shards.s2.username=postgres",
                        "--emporium.sharding.initial-shards=s0,s1")));
        this.api = new Api(this.platform.gatewayUrl());
        this.admin = this.api.post("/api/auth/login", null, Map.of("email", "admin@emporium.dev", "password", "emporium-admin"))
            .expect(200).json().get("accessToken").asString();
    }

    @AfterAll
    void stopEverything() throws IOException {
        if (this.platform != null) {
            this.platform.close();
        }
        this.servers.values().forEach(PostgresServer::close);
        if (this.dataDirectory != null) {
            try (Stream<Path> files = Files.walk(this.dataDirectory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @Test
    @Order(1)
    void usersSpreadOverTheShardsAndEachUsersCartAndOrdersSitOnTheirShard() throws Exception {
        for (int i = 0; i < 48; i++) {
            register("spread-" + i);
        }
        String someone = this.users.keySet().iterator().next();
        for (String userId : List.of(someone, this.users.keySet().stream().skip(1).findFirst().orElseThrow())) {
            putInCart(userId, "p1", 1);
            placeOrder(userId, "first-" + userId);
            putInCart(userId, "p2", 2);
        }

        Map<String, Integer> usersPerShard = new LinkedHashMap<>();
        for (String userId : this.users.keySet()) {
            String home = ownerOf(Buckets.of(userId));
            usersPerShard.merge(home, 1, Integer::sum);
            for (String shard : List.of("s0", "s1", "s2")) {
                int expected = shard.equals(home) ? 1 : 0;
                assertThat(count(shard, "identity", "select count(*) from users where id = ?", userId))
                    .as("user %s on %s", userId, shard).isEqualTo(expected);
            }
        }
        assertThat(usersPerShard).as("users per shard").containsOnlyKeys("s0", "s1");
        assertThat(usersPerShard.values()).allSatisfy(n -> assertThat(n).isGreaterThan(8));
        for (String userId : this.orders.keySet()) {
            String home = ownerOf(Buckets.of(userId));
            for (String shard : List.of("s0", "s1")) {
                int expected = shard.equals(home) ? 1 : 0;
                assertThat(count(shard, "cart", "select count(*) from cart_items where user_id = ?", userId)).isEqualTo(expected);
                assertThat(count(shard, "orders", "select count(*) from orders where user_id = ?", userId)).isEqualTo(expected);
                assertThat(count(shard, "orders", "select count(*) from order_lines l join orders o on o.id = l.order_id "
                        + "where o.user_id = ?", userId)).isEqualTo(expected);
            }
        }

        JsonNode status = this.api.get("/api/ops/shards", this.admin).expect(200).json();
        assertThat(status.get("unavailableServices").size()).isZero();
        assertThat(status.at("/shards/0/id").asString()).isEqualTo("s0");
        assertThat(status.at("/shards/0/buckets").asInt() + status.at("/shards/1/buckets").asInt()).isEqualTo(4096);
        assertThat(status.at("/shards/2/buckets").asInt()).isZero();
        assertThat(status.at("/shards/0/services/identity/server").asString()).contains("emporium_identity_s0");
        long usersCounted = 0;
        for (JsonNode shard : status.get("shards")) {
            usersCounted += shard.at("/services/identity/rows/users").asLong();
        }
        // Plus the two built-in accounts.
        assertThat(usersCounted).isEqualTo(this.users.size() + 2);

        JsonNode latest = this.api.get("/api/admin/orders?limit=200", this.admin).expect(200).json();
        assertThat(latest.get("complete").asBoolean()).isTrue();
        List<String> listed = new ArrayList<>();
        latest.get("orders").forEach(order -> listed.add(order.get("id").asString()));
        this.orders.values().forEach(ids -> assertThat(listed).containsAll(ids));
    }

    @Test
    @Order(2)
    void badMoveRequestsAreRefusedAndChangeNothing() {
        long version = this.api.get("/api/ops/shards", this.admin).expect(200).json().get("mapVersion").asLong();

        this.api.post("/api/ops/shards/moves", this.admin, Map.of("buckets", "0-15", "to", "s9")).assertProblem(400, "Move refused");
        this.api.post("/api/ops/shards/moves", this.admin, Map.of("buckets", "", "to", "s2")).assertProblem(400, "Validation failed");
        this.api.post("/api/ops/shards/moves", this.admin, Map.of("buckets", "20-10", "to", "s2")).assertProblem(400, "Validation failed");
        this.api.post("/api/ops/shards/moves", this.admin, Map.of("buckets", "0-4096", "to", "s2")).assertProblem(400, "Validation failed");
        this.api.post("/api/ops/shards/moves", this.admin, Map.of("buckets", "0-15", "to", "s0")).assertProblem(400, "Move refused");
        this.api.post("/api/ops/shards/moves", this.admin, Map.of("to", "s2")).assertProblem(400, "Validation failed");
        this.api.post("/api/ops/shards/moves", randomCustomerToken(), Map.of("buckets", "0-15", "to", "s2")).assertProblem(403);

        assertThat(this.api.get("/api/ops/shards", this.admin).expect(200).json().get("mapVersion").asLong()).isEqualTo(version);
        assertThat(this.api.get("/api/ops/shards/moves", this.admin).expect(200).json().size()).isZero();
    }

    @Test
    @Order(3)
    void bucketsMoveToAnotherShardWhileTheirUsersWriteAndNoWriteIsLostOrDoubled() throws Exception {
        // Buckets 2048-2303 are s1's (the first map splits 0-2047 / 2048-4095); find users in them.
        int first = 2048;
        int last = 2303;
        List<String> moving = new ArrayList<>();
        int attempt = 0;
        while (moving.size() < 4 && attempt++ < 400) {
            String userId = register("mover-" + attempt);
            int bucket = Buckets.of(userId);
            if (bucket >= first && bucket <= last) {
                moving.add(userId);
            }
        }
        assertThat(moving).hasSize(4);

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        List<String> failureMessages = new ArrayList<>();
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String userId : moving) {
                writers.submit(() -> {
                    int n = 0;
                    while (writing.get()) {
                        n++;
                        // A different product each time: the demo stock of one would run out.
                        String product = "p" + (1 + (n * 37 + userId.hashCode() % 100 + 100) % 1200);
                        Response put = this.api.put("/api/cart/items/" + product, this.users.get(userId), Map.of("quantity", 1));
                        Response placed = put.status() == 200 ? checkout(userId, "during-move-" + n) : put;
                        if (placed.status() == 202) {
                            this.orders.computeIfAbsent(userId, key -> ConcurrentHashMap.newKeySet()).add(placed.json().get("id").asString());
                        }
                        else if (placed.status() == 409 && placed.body().contains("Not enough stock")) {
                            // An answer about stock, not a failure: nothing was ordered. Empty the cart and go on.
                            this.api.delete("/api/cart", this.users.get(userId));
                        }
                        else {
                            failures.incrementAndGet();
                            synchronized (failureMessages) {
                                failureMessages.add(placed.status() + " " + placed.body());
                            }
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(500);
            Response started = this.api.post("/api/ops/shards/moves", this.admin, Map.of("buckets", first + "-" + last, "to", "s2"));
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            String location = started.headers().getLocation().toString();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(
                    () -> !this.api.get(location, this.admin).expect(200).json().get("state").asString().equals("RUNNING"));
            Thread.sleep(500);
            writing.set(false);
            JsonNode move = this.api.get(location, this.admin).expect(200).json();
            assertThat(move.get("state").asString()).as(move.toString()).isEqualTo("DONE");
            System.out.printf("Moved buckets %s to s2: %d buckets, %d rows copied, longest write freeze %d ms%n",
                    move.get("buckets").asString(), move.get("bucketsMoved").asInt(), move.get("rowsCopied").asLong(),
                    move.get("longestFreezeMs").asLong());
        }
        assertThat(failures.get()).as("failed writes: %s", failureMessages).isZero();

        for (String userId : moving) {
            Set<String> acknowledged = this.orders.getOrDefault(userId, Set.of());
            assertThat(acknowledged).as("orders placed during the move by %s", userId).isNotEmpty();
            assertThat(count("s2", "identity", "select count(*) from users where id = ?", userId)).isEqualTo(1);
            assertThat(count("s1", "identity", "select count(*) from users where id = ?", userId)).isZero();
            assertThat(count("s1", "orders", "select count(*) from orders where user_id = ?", userId)).isZero();
            assertThat(count("s1", "cart", "select count(*) from cart_items where user_id = ?", userId)).isZero();
            for (String order : acknowledged) {
                assertThat(count("s2", "orders", "select count(*) from orders where id = ?", order)).as(order).isEqualTo(1);
            }
            assertThat(count("s2", "orders", "select count(*) from orders where user_id = ?", userId))
                .as("every order on the target is one the user was told about").isEqualTo(acknowledged.size());
            // The user goes on as before: login, cart and order history through the new shard.
            this.api.post("/api/auth/login", null, Map.of("email", emailOf(userId), "password", PASSWORD)).expect(200);
            assertThat(this.api.get("/api/orders", this.users.get(userId)).expect(200).json().size()).isEqualTo(acknowledged.size());
        }
        for (int bucket = first; bucket <= last; bucket++) {
            assertThat(ownerOf(bucket)).isEqualTo("s2");
        }
        assertThat(count("s1", "orders", "select count(*) from orders where bucket between ? and ?", first, last)).isZero();
        assertThat(count("s1", "identity", "select count(*) from shard_buckets where bucket between ? and ?", first, last)).isZero();
        assertThat(count("s2", "identity", "select count(*) from shard_buckets where state = 'OWNED' and bucket between ? and ?",
                first, last)).isEqualTo(last - first + 1);
    }

    @Test
    @Order(4)
    void aShardThatIsDownCostsOnlyItsOwnUsersAClean503() {
        String onS2 = this.users.keySet().stream().filter(id -> ownerOf(Buckets.of(id)).equals("s2")).findFirst().orElseThrow();
        String onS0 = this.users.keySet().stream().filter(id -> ownerOf(Buckets.of(id)).equals("s0")).findFirst().orElseThrow();
        PostgresServer s2 = this.servers.get("s2");
        s2.stop();
        try {
            JsonNode problem = this.api.get("/api/cart", this.users.get(onS2)).assertProblem(503, "Shard unavailable");
            assertThat(problem.get("shard").asString()).isEqualTo("s2");
            this.api.get("/api/orders", this.users.get(onS2)).assertProblem(503, "Shard unavailable");
            this.api.get("/api/cart", this.users.get(onS0)).expect(200);
            this.api.put("/api/cart/items/p3", this.users.get(onS0), Map.of("quantity", 1)).expect(200);
            JsonNode latest = this.api.get("/api/admin/orders", this.admin).expect(200).json();
            assertThat(latest.get("complete").asBoolean()).isFalse();
            assertThat(latest.get("missingShards").toString()).isEqualTo("[\"s2\"]");
        }
        finally {
            s2.start();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> this.api.get("/api/cart", this.users.get(onS2)).status() == 200);
    }

    @Test
    @Order(5)
    void aKilledReplicaCostsNoRead() throws Exception {
        PostgresServer replica = this.servers.get("s0r");
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        List<String> failed = new ArrayList<>();
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 4; i++) {
                readers.submit(() -> {
                    while (reading.get()) {
                        Response latest = this.api.get("/api/admin/orders?limit=50", this.admin);
                        reads.incrementAndGet();
                        if (latest.status() != 200 || !latest.json().get("complete").asBoolean()) {
                            synchronized (failed) {
                                failed.add(latest.status() + " " + latest.body());
                            }
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(1000);
            replica.kill();
            Thread.sleep(2000);
            replica.start();
            replica.awaitCaughtUp(Duration.ofSeconds(30));
            Thread.sleep(1000);
            reading.set(false);
        }
        System.out.printf("Replica of s0 killed and restarted during %d reads of all shards: %d failed%n", reads.get(), failed.size());
        assertThat(failed).isEmpty();
        assertThat(reads.get()).isGreaterThan(20);
        // Its lag is a metric of every sharded service.
        String metrics = dev.emporium.testsupport.HttpTestClient.forUrl(this.platform.serviceUrls().get("orders"))
            .get("/actuator/prometheus", null).expect(200).body();
        assertThat(metrics).containsPattern("emporium_db_replica_lag_seconds\\{[^}]*replica=\"s0-replica\"[^}]*\\} ([0-9.E-]+|NaN)");
    }

    @Test
    @Order(6)
    void whenAPrimaryDiesItsReplicaIsPromotedAndNoAcknowledgedOrderIsLost() throws Exception {
        List<String> onS0 = this.users.keySet().stream().filter(id -> ownerOf(Buckets.of(id)).equals("s0")).limit(3).toList();
        for (String userId : onS0) {
            putInCart(userId, "p4", 1);
            placeOrder(userId, "before-failover-" + userId);
        }
        Map<String, Set<String>> acknowledged = new LinkedHashMap<>();
        onS0.forEach(id -> acknowledged.put(id, Set.copyOf(this.orders.get(id))));

        long killedAt = System.nanoTime();
        this.servers.get("s0").kill();
        this.api.get("/api/cart", this.users.get(onS0.getFirst())).assertProblem(503, "Shard unavailable");
        this.servers.get("s0r").promote();
        String userId = onS0.getFirst();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
            .until(() -> this.api.put("/api/cart/items/p5", this.users.get(userId), Map.of("quantity", 1)).status() == 200);
        long recoveredMs = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
        placeOrder(userId, "after-failover");

        int lost = 0;
        for (Map.Entry<String, Set<String>> user : acknowledged.entrySet()) {
            List<String> listed = new ArrayList<>();
            this.api.get("/api/orders", this.users.get(user.getKey())).expect(200).json()
                .forEach(order -> listed.add(order.get("id").asString()));
            lost += (int) user.getValue().stream().filter(order -> !listed.contains(order)).count();
        }
        System.out.printf("Primary of s0 killed, replica promoted: writes resumed after %d ms (RTO, promotion included); "
                + "%d acknowledged orders lost (RPO, synchronous replication)%n", recoveredMs, lost);
        assertThat(lost).isZero();
    }

    private PostgresServer server(PostgresServer server) {
        this.servers.put(server.name(), server);
        return server;
    }

    private String register(String name) {
        String email = name + "-" + UUID.randomUUID() + "@example.test";
        String id = this.api.post("/api/auth/register", null, Map.of("email", email, "password", PASSWORD, "name", name))
            .expect(201).json().get("id").asString();
        String token = this.api.post("/api/auth/login", null, Map.of("email", email, "password", PASSWORD))
            .expect(200).json().get("accessToken").asString();
        this.users.put(id, token);
        this.emails.put(id, email);
        return id;
    }

    private String emailOf(String userId) {
        return this.emails.get(userId);
    }

    private String randomCustomerToken() {
        return this.users.values().iterator().next();
    }

    private void putInCart(String userId, String productId, int quantity) {
        this.api.put("/api/cart/items/" + productId, this.users.get(userId), Map.of("quantity", quantity)).expect(200);
    }

    private void placeOrder(String userId, String key) {
        Response placed = checkout(userId, key);
        assertThat(placed.status()).as(placed.body()).isEqualTo(202);
        this.orders.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet()).add(placed.json().get("id").asString());
    }

    private Response checkout(String userId, String key) {
        return this.api.call(HttpMethod.POST, "/api/orders", this.users.get(userId), ADDRESS, Map.of("Idempotency-Key", key));
    }

    /** The shard that owns the bucket, read from the directory itself. */
    private String ownerOf(int bucket) {
        try (Connection connection = DriverManager.getConnection(this.servers.get("main").jdbcUrl("emporium_directory"), "postgres", "");
                PreparedStatement query = connection.prepareStatement("select shard_id from shard_map where bucket = ?")) {
            query.setInt(1, bucket);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A count straight from one service's database on one shard (the primary, or its promoted replica). */
    private int count(String shard, String service, String sql, Object... params) {
        PostgresServer server = this.servers.get(shard);
        if (shard.equals("s0") && !server.isRunning()) {
            server = this.servers.get("s0r");
        }
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("emporium_" + service + "_" + shard), "postgres", "");
                PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                query.setObject(i + 1, params[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
