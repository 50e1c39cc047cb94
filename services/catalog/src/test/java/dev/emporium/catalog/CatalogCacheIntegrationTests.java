package dev.emporium.catalog;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.emporium.platform.cache.SharedRedis;
import dev.emporium.platform.cache.TieredCaches;
import dev.emporium.platform.messaging.Envelope;
import dev.emporium.platform.messaging.InProcessTransport;
import dev.emporium.testsupport.HttpTestClient;
import dev.emporium.testsupport.HttpTestClient.Response;
import dev.emporium.testsupport.TestJwtIssuer;
import dev.emporium.testsupport.postgres.TemporaryDatabase;
import dev.emporium.testsupport.redis.RedisServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two catalog instances, as in cluster mode, on one PostgreSQL database and one Redis of the test's own, with the
 * caches of DESIGN §6: an admin's change seen by both within a second, one database load under a stampede, reads that
 * never fail while Redis is down, and the best sellers fed by confirmed orders. Everything through HTTP but the
 * order events, which the test publishes on the instances' in-process broker as orders would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogCacheIntegrationTests {

    private static final String BROKER = "catalog-cache-" + UUID.randomUUID();

    static TemporaryDatabase database;

    static RedisServer redis;

    static ConfigurableApplicationContext first;

    static ConfigurableApplicationContext second;

    static HttpTestClient a;

    static HttpTestClient b;

    @BeforeAll
    static void startTwoInstances() {
        database = TemporaryDatabase.create("catalog_cache");
        redis = RedisServer.start("catalog");
        first = start();
        second = start();
        a = client(first);
        b = client(second);
        await("both instances hear invalidations").atMost(Duration.ofSeconds(10))
            .until(() -> first.getBean(TieredCaches.class).listening() && second.getBean(TieredCaches.class).listening());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable resource : new AutoCloseable[] { second, first, redis, database }) {
            try {
                if (resource != null) {
                    resource.close();
                }
            }
            catch (Exception ex) {
                // Best effort: the rest still closes.
            }
        }
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(CatalogApplication.class, TestJwtIssuer.Configuration.class).run(
                "--spring.config.name=catalog", "--spring.profiles.active=postgres", "--server.port=0",
                "--emporium.catalog.demo-data=true",
                "--spring.datasource.url=" + database.jdbcUrl() + "?${emporium.postgres.params}",
                "--emporium.cache.redis.enabled=true", "--emporium.cache.redis.url=" + redis.url(),
                "--emporium.cache.breaker.open-for=1s", "--emporium.messaging.in-process-broker=" + BROKER);
    }

    private static HttpTestClient client(ConfigurableApplicationContext context) {
        return HttpTestClient.forPort(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @Test
    @Order(1)
    void aPriceChangeThroughTheAdminApiIsSeenByBothInstancesWithinASecond() {
        assertThat(price(a, "p7")).isEqualTo(price(b, "p7"));
        long before = price(a, "p7");
        // Both instances now hold p7 locally (and Redis holds it): only the invalidation can tell them.
        assertThat(price(a, "p7")).isEqualTo(before);
        assertThat(price(b, "p7")).isEqualTo(before);
        long changed = before + 1_00;

        a.patch("/api/admin/products/p7", "{\"price\":{\"amount\":" + changed + ",\"currency\":\"USD\"}}",
                TestJwtIssuer.bearer("admin-1", "customer", "admin")).expect(200);
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
            .until(() -> price(a, "p7") == changed && price(b, "p7") == changed);
        System.out.printf("price change seen by both instances after %d ms%n", (System.nanoTime() - start) / 1_000_000);

        // Pages and popular lists showing the product are invalidated with it.
        await().atMost(Duration.ofSeconds(1)).until(() -> b.get("/api/catalog/products?q=" + name(a, "p7")).json()
            .get("items").valueStream().anyMatch(item -> item.get("id").asString().equals("p7")
                    && item.get("price").get("amount").asLong() == changed));
    }

    @Test
    @Order(2)
    void twoHundredConcurrentRequestsForAColdProductLoadItFromTheDatabaseOnce() throws Exception {
        double loadsBefore = loads(first);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> responses = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                responses.add(clients.submit(() -> {
                    go.await();
                    return a.get("/api/catalog/products/p901");
                }));
            }
            go.countDown();
            for (Future<Response> response : responses) {
                assertThat(response.get().status()).isEqualTo(200);
            }
        }
        assertThat(loads(first) - loadsBefore).as("database loads of p901 on the first instance").isEqualTo(1);

        // The other instance finds it in Redis: still one load in all.
        double loadsOnSecond = loads(second);
        b.get("/api/catalog/products/p901").expect(200);
        assertThat(loads(second)).isEqualTo(loadsOnSecond);
    }

    @Test
    @Order(3)
    void confirmedOrdersMakeTheBestSellersThePopularProductsAndCountOnce() throws Exception {
        JsonMapper json = first.getBean(JsonMapper.class);
        confirm(json, "order-1", "p1100", 5);
        confirm(json, "order-2", "p1101", 3);
        // The same order again, under another message id: its sales count once.
        confirm(json, "order-1", "p1100", 5);
        SharedRedis shared = first.getBean(TieredCaches.class).redis().orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> score(shared, "p1100") == 5 && score(shared, "p1101") == 3);

        List<String> popular = ids(b.get("/api/catalog/products/popular?limit=5"));
        assertThat(popular).hasSize(5).startsWith("p1100", "p1101");
    }

    @Test
    @Order(4)
    void readsNeverFailWhileRedisIsDown() throws Exception {
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong succeeded = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        try (ExecutorService readers = Executors.newFixedThreadPool(4)) {
            for (HttpTestClient client : List.of(a, b, a, b)) {
                readers.execute(() -> {
                    while (running.get()) {
                        String path = "/api/catalog/products/p" + ThreadLocalRandom.current().nextInt(1, 1201);
                        try {
                            Response response = client.get(path);
                            if (response.status() == 200) {
                                succeeded.incrementAndGet();
                            }
                            else {
                                failures.add(path + " answered " + response.status() + ": " + response.body());
                            }
                        }
                        catch (RuntimeException ex) {
                            failures.add(path + " failed: " + ex);
                        }
                    }
                });
            }
            awaitMore(succeeded, 200);
            redis.stop();
            try {
                await("both instances bypass their caches").atMost(Duration.ofSeconds(10))
                    .until(() -> !listening(first) && !listening(second));
                awaitMore(succeeded, 500);
            }
            finally {
                redis.start();
            }
            await("both instances hear Redis again").atMost(Duration.ofSeconds(15))
                .until(() -> listening(first) && listening(second));
            awaitMore(succeeded, 200);
            running.set(false);
        }
        assertThat(failures).as("failed reads").isEmpty();
    }

    private static void awaitMore(AtomicLong succeeded, long more) {
        long target = succeeded.get() + more;
        await().atMost(Duration.ofSeconds(20)).until(() -> succeeded.get() >= target);
    }

    private static boolean listening(ConfigurableApplicationContext context) {
        return context.getBean(TieredCaches.class).listening();
    }

    private static void confirm(JsonMapper json, String orderId, String productId, int quantity) throws Exception {
        ObjectNode data = json.createObjectNode();
        data.put("orderId", orderId);
        data.put("userId", "user-1");
        data.putArray("lines").addObject().put("productId", productId).put("name", "A product")
            .put("quantity", quantity).put("unitPriceMinor", 1_000);
        Envelope envelope = new Envelope(UUID.randomUUID().toString(), "order.confirmed", 1, "orders", Instant.now(),
                orderId, null, data);
        InProcessTransport.named(BROKER).publish(envelope.exchange(), envelope.type(), envelope.id(), envelope.toJson(json));
    }

    private static double score(SharedRedis shared, String productId) {
        Double score = shared.call(redis -> redis.opsForZSet()
            .score(shared.key("catalog:best-sellers"), productId.getBytes(StandardCharsets.UTF_8)));
        return score == null ? 0 : score;
    }

    private static List<String> ids(Response response) {
        return response.expect(200).json().valueStream().map(product -> product.get("id").asString()).toList();
    }

    private static double loads(ConfigurableApplicationContext context) {
        RequiredSearch search = context.getBean(MeterRegistry.class)
            .get("emporium.cache.loads")
            .tags("cache", "catalog.products", "outcome", "success");
        return search.timer().count();
    }

    private static long price(HttpTestClient client, String id) {
        return client.get("/api/catalog/products/" + id).expect(200).json().get("price").get("amount").asLong();
    }

    private static String name(HttpTestClient client, String id) {
        return client.get("/api/catalog/products/" + id).expect(200).json().get("name").asString().replace(' ', '+');
    }
}
