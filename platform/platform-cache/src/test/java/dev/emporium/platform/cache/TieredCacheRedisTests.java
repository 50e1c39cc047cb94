package dev.emporium.platform.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.emporium.testsupport.redis.RedisServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two levels against a real Redis of the test's own: two application contexts stand for two instances of a
 * service sharing it. A "database" map stands for what the loader reads, with a count of loads.
 */
class TieredCacheRedisTests {

    static RedisServer redis;

    final Map<String, String> database = new ConcurrentHashMap<>();

    final AtomicInteger loads = new AtomicInteger();

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start("cache");
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    ApplicationContextRunner instance() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class))
            .withBean(JsonMapper.class, () -> JsonMapper.builder().build())
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("emporium.cache.redis.enabled=true", "emporium.cache.redis.url=" + redis.url(),
                    "emporium.cache.redis.key-prefix=test-" + System.nanoTime(), "emporium.cache.breaker.open-for=1s");
    }

    String load(String key) {
        this.loads.incrementAndGet();
        return this.database.get(key);
    }

    /** A new cache, once the instance hears invalidations (it subscribes when it has its first cache). */
    static TieredCache<String> cache(AssertableApplicationContext context, String name) {
        TieredCache<String> cache = context.getBean(TieredCaches.class)
            .create(new CacheSpec(name, Duration.ofMinutes(1), 1_000, Duration.ofMinutes(5)), String.class);
        await("subscribed to invalidations").atMost(Duration.ofSeconds(5))
            .until(() -> context.getBean(TieredCaches.class).listening());
        return cache;
    }

    @Test
    void aChangeInvalidatedOnOneInstanceIsSeenByTheOtherWithinASecond() {
        String prefix = "test-" + System.nanoTime();
        ApplicationContextRunner runner = instance().withPropertyValues("emporium.cache.redis.key-prefix=" + prefix);
        runner.run(first -> runner.run(second -> {
            TieredCache<String> a = cache(first, "products");
            TieredCache<String> b = cache(second, "products");
            this.database.put("p1", "price 10");
            assertThat(a.get("p1", () -> load("p1"))).isEqualTo("price 10");
            assertThat(b.get("p1", () -> load("p1"))).as("from Redis").isEqualTo("price 10");
            assertThat(this.loads).hasValue(1);

            this.database.put("p1", "price 12");
            a.invalidate("p1");
            assertThat(a.get("p1", () -> load("p1"))).isEqualTo("price 12");
            await().atMost(Duration.ofSeconds(1)).until(() -> "price 12".equals(b.get("p1", () -> load("p1"))));
            assertThat(gets(second, "products", "shared", "hit")).isEqualTo(1);
        }));
    }

    @Test
    void invalidatingEverythingMovesBothInstancesToANewGeneration() {
        String prefix = "test-" + System.nanoTime();
        ApplicationContextRunner runner = instance().withPropertyValues("emporium.cache.redis.key-prefix=" + prefix);
        runner.run(first -> runner.run(second -> {
            TieredCache<String> a = cache(first, "pages");
            TieredCache<String> b = cache(second, "pages");
            this.database.put("page-1", "old");
            this.database.put("page-2", "old");
            a.get("page-1", () -> load("page-1"));
            b.get("page-2", () -> load("page-2"));
            this.database.put("page-1", "new");
            this.database.put("page-2", "new");

            b.invalidateAll();

            await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> {
                assertThat(a.get("page-1", () -> load("page-1"))).isEqualTo("new");
                assertThat(a.get("page-2", () -> load("page-2"))).isEqualTo("new");
            });
        }));
    }

    @Test
    void twoHundredConcurrentReadersOfAColdKeyShareOneLoad() throws Exception {
        instance().run(context -> {
            TieredCache<String> cache = cache(context, "stampede");
            this.database.put("cold", "value");
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> reads = new ArrayList<>();
            try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 200; i++) {
                    reads.add(readers.submit(() -> {
                        start.await();
                        return cache.get("cold", () -> {
                            sleep(50);
                            return load("cold");
                        });
                    }));
                }
                start.countDown();
                for (Future<String> read : reads) {
                    assertThat(read.get()).isEqualTo("value");
                }
            }
            assertThat(this.loads).hasValue(1);
        });
    }

    @Test
    void readsGoOnWhileRedisIsDownBypassingTheCachesUntilRedisIsHeardAgain() {
        instance().run(context -> {
            TieredCache<String> cache = context.getBean(TieredCaches.class)
                .create(new CacheSpec("outage", Duration.ofMillis(20), 1_000, Duration.ofMinutes(5)), String.class);
            for (int i = 0; i < 20; i++) {
                this.database.put("k" + i, "v" + i);
            }
            Queue<String> failures = new ConcurrentLinkedQueue<>();
            Runnable readAll = () -> {
                for (int i = 0; i < 20; i++) {
                    String key = "k" + i;
                    try {
                        String value = cache.get(key, () -> load(key));
                        if (!("v" + key.substring(1)).equals(value)) {
                            failures.add(key + " read " + value);
                        }
                    }
                    catch (RuntimeException ex) {
                        failures.add(key + " failed: " + ex);
                    }
                }
            };
            TieredCaches caches = context.getBean(TieredCaches.class);
            await("subscribed").atMost(Duration.ofSeconds(5)).until(caches::listening);
            readAll.run();
            redis.stop();
            try {
                // The dropped connection is told at once: the caches are bypassed, every read is a load.
                await("deaf to invalidations").atMost(Duration.ofSeconds(2)).until(() -> !caches.listening());
                int loadsBefore = this.loads.get();
                long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                int reads = 0;
                while (System.nanoTime() < until) {
                    readAll.run();
                    reads += 20;
                }
                assertThat(this.loads.get() - loadsBefore).as("loads while deaf").isEqualTo(reads);
            }
            finally {
                redis.start();
            }
            await("heard again").atMost(Duration.ofSeconds(10)).until(caches::listening);
            readAll.run();
            assertThat(failures).isEmpty();
        });
    }

    @Test
    void aSlowRedisCostsReadersAtMostItsTimeoutThenReadsStopAskingIt() throws Exception {
        instance().run(context -> {
            TieredCache<String> cache = context.getBean(TieredCaches.class)
                .create(new CacheSpec("slow", Duration.ofMillis(1), 1_000, Duration.ofMinutes(5)), String.class);
            for (int i = 0; i < 20; i++) {
                this.database.put("k" + i, "v" + i);
            }
            Thread freezer = Thread.ofVirtual().start(() -> redis.freeze(Duration.ofSeconds(3)));
            await("Redis is frozen").atMost(Duration.ofSeconds(2)).until(() -> !redis.answers());
            long slowest = 0;
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < until) {
                for (int i = 0; i < 20; i++) {
                    String key = "k" + i;
                    long start = System.nanoTime();
                    assertThat(cache.get(key, () -> load(key))).isEqualTo("v" + i);
                    slowest = Math.max(slowest, System.nanoTime() - start);
                }
            }
            // Each read waits for the 100 ms command timeout at most (twice: the read and the write-back), until the
            // breaker opens, or two unanswered PINGs make the instance bypass the caches: reads stop asking Redis.
            assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofMillis(500));
            assertThat(context.getBean(SharedRedis.class).breaker().getState() == CircuitBreaker.State.OPEN
                    || !context.getBean(TieredCaches.class).listening()).as("the breaker open, or the caches bypassed")
                .isTrue();
            freezer.join();
        });
    }

    @Test
    void anInvalidationThatMissedRedisMovesTheSharedLevelOnOnceRedisAnswers() {
        String prefix = "test-" + System.nanoTime();
        ApplicationContextRunner runner = instance().withPropertyValues("emporium.cache.redis.key-prefix=" + prefix);
        runner.run(first -> runner.run(second -> {
            TieredCache<String> a = cache(first, "products");
            cache(second, "unused");
            TieredCache<String> b = context(second).create(
                    new CacheSpec("products", Duration.ofMillis(200), 1_000, Duration.ofMinutes(5)), String.class);
            this.database.put("p1", "old");
            a.get("p1", () -> load("p1"));

            // The writer cannot reach Redis when it invalidates: the other instance's Redis still has the old value.
            CircuitBreaker writersBreaker = first.getBean(SharedRedis.class).breaker();
            writersBreaker.transitionToForcedOpenState();
            this.database.put("p1", "new");
            a.invalidate("p1");
            assertThat(a.dirty()).isTrue();
            assertThat(b.get("p1", () -> load("p1"))).isEqualTo("old");

            writersBreaker.transitionToClosedState();
            await().atMost(Duration.ofSeconds(3)).until(() -> !a.dirty());
            await().atMost(Duration.ofSeconds(1)).until(() -> "new".equals(b.get("p1", () -> load("p1"))));
        }));
    }

    @Test
    void aDirtyCacheReadsTheDatabaseNotTheSharedLevelUntilItRecovers() {
        // No recovery round during the test: the cache stays dirty once Redis answers again.
        ApplicationContextRunner runner = instance().withPropertyValues(
                "emporium.cache.redis.key-prefix=test-" + System.nanoTime(), "emporium.cache.redis.resubscribe-interval=1h");
        runner.run(context -> {
            TieredCache<String> cache = cache(context, "products");
            this.database.put("p1", "old");
            assertThat(cache.get("p1", () -> load("p1"))).isEqualTo("old");

            CircuitBreaker breaker = context.getBean(SharedRedis.class).breaker();
            breaker.transitionToForcedOpenState();
            this.database.put("p1", "new");
            cache.invalidate("p1");
            breaker.transitionToClosedState();

            // Redis answers and still holds "old": a dirty cache must not read it.
            assertThat(cache.dirty()).isTrue();
            assertThat(cache.get("p1", () -> load("p1"))).isEqualTo("new");
            assertThat(cache.dirty()).isTrue();
        });
    }

    @Test
    void aRedisAtADeadPortCostsNoReadAndNoStart() {
        instance().withPropertyValues("emporium.cache.redis.url=redis://127.0.0.1:1").run(context -> {
            assertThat(context).hasNotFailed();
            TieredCache<String> cache = context.getBean(TieredCaches.class)
                .create(new CacheSpec("dead", Duration.ofMinutes(1), 1_000, Duration.ofMinutes(5)), String.class);
            for (int i = 0; i < 50; i++) {
                String key = "k" + i;
                this.database.put(key, "value");
                assertThat(cache.get(key, () -> load(key))).isEqualTo("value");
            }
            cache.invalidate("k1");
            assertThat(cache.dirty()).isTrue();
            assertThat(context.getBean(TieredCaches.class).listening()).as("never subscribed: the caches bypassed")
                .isFalse();
        });
    }

    @Test
    void anInstanceStartedWhileRedisIsDownSubscribesOnceItAnswers() {
        String prefix = "test-" + System.nanoTime();
        ApplicationContextRunner runner = instance().withPropertyValues("emporium.cache.redis.key-prefix=" + prefix);
        redis.stop();
        runner.run(late -> {
            assertThat(late).hasNotFailed();
            TieredCache<String> onLate = late.getBean(TieredCaches.class)
                .create(new CacheSpec("late", Duration.ofMinutes(1), 1_000, Duration.ofMinutes(5)), String.class);
            await("not subscribed while Redis is down").during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3))
                .until(() -> !late.getBean(TieredCaches.class).listening());
            redis.start();
            await("subscribed once Redis answers").atMost(Duration.ofSeconds(5))
                .until(() -> late.getBean(TieredCaches.class).listening());
            runner.run(other -> {
                TieredCache<String> onOther = cache(other, "late");
                this.database.put("p1", "old");
                onLate.get("p1", () -> load("p1"));
                this.database.put("p1", "new");
                onOther.invalidate("p1");
                await().atMost(Duration.ofSeconds(1)).until(() -> "new".equals(onLate.get("p1", () -> load("p1"))));
            });
        });
    }

    @Test
    void whenTheSubscriptionComesBackLocalValuesAreDropped() {
        instance().run(context -> {
            TieredCache<String> cache = cache(context, "resubscribe");
            this.database.put("p1", "old");
            cache.get("p1", () -> load("p1"));
            assertThat(cache.localSize()).isEqualTo(1);
            redis.stop();
            redis.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> cache.localSize() == 0);
        });
    }

    private static TieredCaches context(AssertableApplicationContext context) {
        return context.getBean(TieredCaches.class);
    }

    private static double gets(AssertableApplicationContext context, String cache, String level, String result) {
        return context.getBean(MeterRegistry.class)
            .get("emporium.cache.gets")
            .tags("cache", cache, "level", level, "result", result)
            .counter()
            .count();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
