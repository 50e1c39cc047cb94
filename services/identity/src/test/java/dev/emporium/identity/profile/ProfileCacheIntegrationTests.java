package dev.emporium.identity.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.emporium.identity.IdentityApplication;
import dev.emporium.platform.cache.TieredCaches;
import dev.emporium.testsupport.HttpTestClient;
import dev.emporium.testsupport.HttpTestClient.Response;
import dev.emporium.testsupport.jdbc.StatementRecorder;
import dev.emporium.testsupport.postgres.TemporaryDatabase;
import dev.emporium.testsupport.redis.RedisServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two identity instances, as in cluster mode, on PostgreSQL (a directory and two shards) and a Redis of the test's
 * own, with the profile cache: a first read loads the profile in one statement and the next runs none; a change
 * through one instance is read through the other at once; reads never fail while Redis is down and nothing stale is
 * served once it is back; bad input is refused and changes nothing. Everything over HTTP, with tokens identity issued.
 * Each instance's shard connections record their statements ({@link StatementRecorder}), so database work is counted,
 * not timed.
 */
class ProfileCacheIntegrationTests {

    private static final String PASSWORD = "correct horse battery";

    static final List<AutoCloseable> resources = new ArrayList<>();

    static TemporaryDatabase directory;

    static TemporaryDatabase shard0;

    static TemporaryDatabase shard1;

    static RedisServer redis;

    static Path dataDir;

    static ConfigurableApplicationContext first;

    static ConfigurableApplicationContext second;

    static HttpTestClient a;

    static HttpTestClient b;

    @BeforeAll
    static void startTwoInstances() throws IOException {
        directory = track(TemporaryDatabase.create("profiles_directory"));
        shard0 = track(TemporaryDatabase.create("profiles_s0"));
        shard1 = track(TemporaryDatabase.create("profiles_s1"));
        redis = track(RedisServer.start("identity"));
        dataDir = Files.createTempDirectory("emporium-identity-profiles");
        first = track(start("a"));
        second = track(start("b"));
        a = client(first);
        b = client(second);
        await("both instances hear invalidations").atMost(Duration.ofSeconds(10))
            .until(() -> first.getBean(TieredCaches.class).listening() && second.getBean(TieredCaches.class).listening());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable resource : resources.reversed()) {
            try {
                resource.close();
            }
            catch (Exception ex) {
                // Best effort: the rest still closes.
            }
        }
        FileSystemUtils.deleteRecursively(dataDir.toFile());
    }

    private static <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    /** An instance whose shard statements are recorded under {@code "profiles-" + name}. */
    private static ConfigurableApplicationContext start(String name) {
        String recorded = "profiles-" + name;
        return new SpringApplicationBuilder(IdentityApplication.class).run("--spring.config.name=identity",
                "--server.port=0", "--emporium.data-dir=" + dataDir,
                "--emporium.sharding.directory.url=" + directory.jdbcUrl(),
                "--emporium.sharding.directory.username=postgres",
                "--emporium.sharding.shards.s0.url=" + StatementRecorder.url(recorded, shard0.jdbcUrl()),
                "--emporium.sharding.shards.s0.username=postgres",
                "--emporium.sharding.shards.s1.url=" + StatementRecorder.url(recorded, shard1.jdbcUrl()),
                "--emporium.sharding.shards.s1.username=postgres",
                "--emporium.cache.redis.enabled=true", "--emporium.cache.redis.url=" + redis.url(),
                "--emporium.cache.breaker.open-for=1s");
    }

    private static HttpTestClient client(ConfigurableApplicationContext context) {
        return HttpTestClient.forPort(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @Test
    void theFirstReadLoadsTheProfileInOneStatementAndTheNextReadsRunNone() {
        String token = newCustomer("First Read");

        List<String> firstRead = statementsDuring("a", () -> a.get("/api/account", token).expect(200));
        assertThat(firstRead.stream().filter(ProfileCacheIntegrationTests::readsProfile))
            .as("profile queries of the first read, among %s", firstRead).hasSize(1);

        List<String> secondRead = statementsDuring("a", () -> a.get("/api/account", token).expect(200));
        assertThat(secondRead).as("statements of the second read (this instance's memory)").isEmpty();

        double sharedHits = gets(second, "shared", "hit");
        List<String> otherInstance = statementsDuring("b", () -> b.get("/api/account", token).expect(200));
        assertThat(otherInstance).as("statements of the other instance's first read (Redis)").isEmpty();
        assertThat(gets(second, "shared", "hit")).isEqualTo(sharedHits + 1);

        // Redis holds a copy of what the API shows, and nothing secret.
        String userId = a.get("/api/account", token).json().get("id").asString();
        String generation = redis.command("GET", "emporium:cache:identity.profiles:generation");
        String cached = redis.command("GET",
                "emporium:cache:identity.profiles:" + (generation == null ? "0" : generation) + ":" + userId);
        assertThat(cached).contains("\"name\":\"First Read\"").doesNotContainIgnoringCase("password")
            .doesNotContainIgnoringCase("hash").doesNotContainIgnoringCase("token").doesNotContain("$2");
    }

    @Test
    void aChangeThroughOneInstanceIsReadThroughTheOtherOnTheNextRead() {
        String token = newCustomer("Both Instances");
        for (int round = 0; round < 10; round++) {
            // Both instances hold the profile in memory (and Redis holds it): only the invalidation can tell them.
            a.get("/api/account", token).expect(200);
            b.get("/api/account", token).expect(200);
            HttpTestClient writer = round % 2 == 0 ? a : b;
            HttpTestClient reader = round % 2 == 0 ? b : a;
            String name = "Renamed " + round;
            writer.patch("/api/account", Map.of("name", name, "marketingOptIn", round % 2 == 0), token).expect(200);
            JsonNode read = reader.get("/api/account", token).expect(200).json();
            assertThat(read.get("name").asString()).as("round " + round).isEqualTo(name);
            assertThat(read.get("marketingOptIn").asBoolean()).isEqualTo(round % 2 == 0);
        }

        String address = a.post("/api/account/addresses", address("Home", "GB"), token).expect(201).json().get("id")
            .asString();
        JsonNode afterAdd = b.get("/api/account", token).expect(200).json();
        assertThat(afterAdd.get("addresses").size()).isEqualTo(1);
        assertThat(afterAdd.get("defaultAddressId").asString()).as("the first address is the default").isEqualTo(address);

        b.put("/api/account/addresses/" + address, address("Office", "DE"), token).expect(200);
        assertThat(a.get("/api/account/addresses/" + address, token).expect(200).json().get("country").asString())
            .isEqualTo("DE");

        a.patch("/api/account", "{\"defaultAddressId\": null}", token).expect(200);
        assertThat(b.get("/api/account", token).json().has("defaultAddressId")).as("no default").isFalse();
        b.patch("/api/account", Map.of("defaultAddressId", address), token).expect(200);
        a.patch("/api/account", Map.of("name", "Only The Name"), token).expect(200);
        assertThat(b.get("/api/account", token).json().get("defaultAddressId").asString())
            .as("a patch without defaultAddressId leaves it").isEqualTo(address);

        b.delete("/api/account/addresses/" + address, token).expect(204);
        JsonNode afterDelete = a.get("/api/account", token).expect(200).json();
        assertThat(afterDelete.get("addresses").size()).isZero();
        assertThat(afterDelete.has("defaultAddressId")).as("deleting the default clears it").isFalse();
    }

    @Test
    void badInputIsAProblemAndChangesNothing() {
        String token = newCustomer("Careful Customer");
        String mine = a.post("/api/account/addresses", address("Home", "FR"), token).expect(201).json().get("id").asString();
        String other = newCustomer("Someone Else");
        String theirs = a.post("/api/account/addresses", address("Theirs", "US"), other).expect(201).json().get("id")
            .asString();
        String before = a.get("/api/account", token).body();

        assertThat(a.patch("/api/account", Map.of("name", "x".repeat(101)), token).assertProblem(400).toString())
            .contains("name");
        assertThat(a.patch("/api/account", Map.of("name", "   "), token).assertProblem(400).toString()).contains("name");
        assertThat(a.patch("/api/account", Map.of("nickname", "Bob"), token).errorFields()).containsExactly("nickname");
        assertThat(a.patch("/api/account", Map.of("marketingOptIn", "maybe"), token).errorFields())
            .containsExactly("marketingOptIn");
        a.patch("/api/account", Map.of("defaultAddressId", theirs), token).assertProblem(404);
        assertThat(a.post("/api/account/addresses", address("Nowhere", "XX"), token).errorFields())
            .containsExactly("country");
        assertThat(a.post("/api/account/addresses", Map.of("name", "Partial"), token).errorFields())
            .contains("line1", "city", "postalCode", "country");
        Map<String, Object> withExtra = new java.util.HashMap<>(address("Extra", "GB"));
        withExtra.put("line2", "Flat 2");
        assertThat(a.post("/api/account/addresses", withExtra, token).errorFields()).containsExactly("line2");
        a.get("/api/account/addresses/" + theirs, token).assertProblem(404);
        a.put("/api/account/addresses/" + theirs, address("Mine Now", "GB"), token).assertProblem(404);
        a.delete("/api/account/addresses/" + theirs, token).assertProblem(404);
        a.get("/api/account/addresses/" + "x".repeat(500), token).assertProblem(404);
        a.get("/api/account", null).assertProblem(401);
        assertThat(b.get("/api/account", token).body()).as("the profile after refused changes").isEqualTo(before);
        assertThat(b.get("/api/account/addresses/" + theirs, other).json().get("name").asString()).isEqualTo("Theirs");

        // Twenty addresses at most: the 21st is refused, through either instance, and not added.
        for (int i = 1; i < Profile.MAX_ADDRESSES; i++) {
            (i % 2 == 0 ? a : b).post("/api/account/addresses", address("Address " + i, "GB"), token).expect(201);
        }
        b.post("/api/account/addresses", address("One Too Many", "GB"), token).assertProblem(409, "Address book full");
        JsonNode full = a.get("/api/account", token).json();
        assertThat(full.get("addresses").size()).isEqualTo(Profile.MAX_ADDRESSES);
        assertThat(full.get("defaultAddressId").asString()).isEqualTo(mine);
    }

    @Test
    void readsNeverFailWhileRedisIsDownAndNothingStaleIsReadOnceItIsBack() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tokens.add(newCustomer("Reader " + i));
        }
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong succeeded = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        try (ExecutorService readers = Executors.newFixedThreadPool(4)) {
            for (HttpTestClient client : List.of(a, b, a, b)) {
                readers.execute(() -> {
                    int i = 0;
                    while (running.get()) {
                        try {
                            Response response = client.get("/api/account", tokens.get(i++ % tokens.size()));
                            if (response.status() == 200) {
                                succeeded.incrementAndGet();
                            }
                            else {
                                failures.add("answered " + response.status() + ": " + response.body());
                            }
                        }
                        catch (RuntimeException ex) {
                            failures.add("failed: " + ex);
                        }
                    }
                });
            }
            try {
                readThroughAnOutage(tokens.getFirst(), succeeded);
            }
            finally {
                running.set(false);
            }
        }
        assertThat(failures).as("failed reads").isEmpty();
    }

    /** While readers go on: Redis stops, a profile changes, Redis starts again; then the change is read everywhere. */
    private static void readThroughAnOutage(String changed, AtomicLong succeeded) {
        awaitMore(succeeded, 200);
        redis.stop();
        try {
            awaitMore(succeeded, 300);
            // A change while Redis is down: committed, and this instance reads it at once.
            a.patch("/api/account", Map.of("name", "Changed While Redis Was Down"), changed).expect(200);
            assertThat(a.get("/api/account", changed).json().get("name").asString())
                .isEqualTo("Changed While Redis Was Down");
            awaitMore(succeeded, 300);
        }
        finally {
            redis.start();
        }
        // Redis still holds the profile from before the change; the instance that could not tell it starts the
        // shared level afresh, and every instance drops what it holds in memory when it hears Redis again.
        await("both instances hear Redis again").atMost(Duration.ofSeconds(15))
            .until(() -> first.getBean(TieredCaches.class).listening() && second.getBean(TieredCaches.class).listening());
        for (int i = 0; i < 50; i++) {
            for (HttpTestClient client : List.of(a, b)) {
                assertThat(client.get("/api/account", changed).json().get("name").asString())
                    .as("read %d through %s once Redis is back", i, client == a ? "the instance that changed it" : "the other")
                    .isEqualTo("Changed While Redis Was Down");
            }
        }
        awaitMore(succeeded, 200);
    }

    private static String newCustomer(String name) {
        String email = "profile-" + UUID.randomUUID() + "@example.test";
        a.post("/api/auth/register", Map.of("email", email, "password", PASSWORD, "name", name), null).expect(201);
        String token = b.post("/api/auth/login", Map.of("email", email, "password", PASSWORD), null).expect(200).json()
            .get("accessToken").asString();
        return "Bearer " + token;
    }

    private static Map<String, Object> address(String name, String country) {
        return Map.of("name", name, "line1", "1 Test Street", "city", "Testville", "postalCode", "T1 1ST",
                "country", country);
    }

    private static boolean readsProfile(String sql) {
        return sql.contains("addresses") || sql.contains("from users");
    }

    /** The statements instance {@code name}'s shard connections ran while {@code work} ran. */
    private static List<String> statementsDuring(String name, Runnable work) {
        List<String> before = StatementRecorder.statements("profiles-" + name);
        work.run();
        List<String> after = StatementRecorder.statements("profiles-" + name);
        return after.subList(before.size(), after.size());
    }

    private static double gets(ConfigurableApplicationContext context, String level, String result) {
        Counter counter = context.getBean(MeterRegistry.class).find("emporium.cache.gets")
            .tags("cache", ProfileCacheProperties.NAME, "level", level, "result", result)
            .counter();
        return counter == null ? 0 : counter.count();
    }

    private static void awaitMore(AtomicLong succeeded, long more) {
        long target = succeeded.get() + more;
        await().atMost(Duration.ofSeconds(20)).until(() -> succeeded.get() >= target);
    }
}
