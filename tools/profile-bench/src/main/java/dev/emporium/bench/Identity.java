package dev.emporium.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.emporium.identity.IdentityApplication;
import dev.emporium.platform.sharding.Buckets;
import dev.emporium.platform.sharding.ShardedDatabase;
import dev.emporium.testsupport.postgres.TemporaryDatabase;
import dev.emporium.testsupport.redis.RedisServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.util.FileSystemUtils;

/**
 * What the profile benchmark and demo run on: a directory and two shards on the machine's PostgreSQL, a Redis of
 * their own, and identity instances started in this JVM on them, all sharing one signing key (one data directory),
 * as instances of a cluster do.
 */
final class Identity implements AutoCloseable {

    private static final String CACHE = "identity.profiles";

    private final TemporaryDatabase directory;

    private final TemporaryDatabase shard0;

    private final TemporaryDatabase shard1;

    final RedisServer redis;

    private final Path dataDir;

    private Identity(String name) throws IOException {
        this.directory = TemporaryDatabase.create(name + "_dir");
        this.shard0 = TemporaryDatabase.create(name + "_s0");
        this.shard1 = TemporaryDatabase.create(name + "_s1");
        this.redis = RedisServer.start(name);
        this.dataDir = Files.createTempDirectory("emporium-" + name);
    }

    static Identity create(String name) throws IOException {
        return new Identity(name);
    }

    /** An identity instance on this data; its Redis keys under a prefix of {@code name}'s, so instances can share. */
    Instance start(String name, String keyPrefix, String... extra) {
        List<String> arguments = new ArrayList<>(List.of("--spring.config.name=identity", "--server.port=0",
                "--emporium.data-dir=" + this.dataDir,
                "--emporium.sharding.directory.url=" + this.directory.jdbcUrl(),
                "--emporium.sharding.directory.username=postgres",
                "--emporium.sharding.shards.s0.url=" + this.shard0.jdbcUrl(),
                "--emporium.sharding.shards.s0.username=postgres",
                "--emporium.sharding.shards.s1.url=" + this.shard1.jdbcUrl(),
                "--emporium.sharding.shards.s1.username=postgres",
                "--emporium.cache.redis.enabled=true", "--emporium.cache.redis.url=" + this.redis.url(),
                "--emporium.cache.redis.key-prefix=" + keyPrefix,
                "--logging.level.root=WARN", "--spring.main.banner-mode=off"));
        arguments.addAll(List.of(extra));
        return new Instance(name, new SpringApplicationBuilder(IdentityApplication.class).run(arguments.toArray(String[]::new)));
    }

    /**
     * Writes {@code count} customers with two addresses each straight to their shards (registering them through the
     * API would spend minutes hashing passwords no benchmark reads), each with an access token signed with identity's
     * key.
     */
    static List<Customer> customers(Instance instance, int count) {
        ShardedDatabase shards = instance.context.getBean(ShardedDatabase.class);
        Map<String, DataSource> primaries = shards.primaries();
        Map<String, List<Object[]>> users = new java.util.HashMap<>();
        Map<String, List<Object[]>> addresses = new java.util.HashMap<>();
        List<String> ids = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.now();
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            String shard = shards.shardOf(id);
            int bucket = Buckets.of(id);
            users.computeIfAbsent(shard, key -> new ArrayList<>()).add(new Object[] { id,
                    "customer-" + i + "@bench.example", "Customer " + i, "{noop}not-used", "customer", now, bucket });
            for (int a = 0; a < 2; a++) {
                addresses.computeIfAbsent(shard, key -> new ArrayList<>()).add(new Object[] { UUID.randomUUID().toString(),
                        id, bucket, "Customer " + i, a + " Benchmark Road", "Testville", "T" + a + " 1ST", "GB",
                        now.plusNanos(a * 1_000L) });
            }
        }
        primaries.forEach((shard, pool) -> {
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            jdbc.batchUpdate("insert into users (id, email, name, password_hash, roles, created_at, bucket) "
                    + "values (?, ?, ?, ?, ?, ?, ?)", users.getOrDefault(shard, List.of()));
            jdbc.batchUpdate("insert into addresses (id, user_id, bucket, name, line1, city, postal_code, country, "
                    + "created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", addresses.getOrDefault(shard, List.of()));
        });
        JwtEncoder encoder = instance.context.getBean(JwtEncoder.class);
        Instant issued = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return ids.parallelStream().map(id -> new Customer(id, "Bearer " + encoder.encode(JwtEncoderParameters.from(
                JwsHeader.with(SignatureAlgorithm.RS256).build(),
                JwtClaimsSet.builder().issuer("emporium-identity").subject(id).issuedAt(issued)
                    .expiresAt(issued.plus(2, ChronoUnit.HOURS)).claim("roles", List.of("customer")).build()))
            .getTokenValue())).toList();
    }

    /** A customer's id and the {@code Authorization} header that reads their profile. */
    record Customer(String id, String authorization) {
    }

    @Override
    public void close() {
        for (AutoCloseable resource : new AutoCloseable[] { this.redis, this.shard1, this.shard0, this.directory }) {
            try {
                resource.close();
            }
            catch (Exception ex) {
                // Best effort: the rest still closes.
            }
        }
        FileSystemUtils.deleteRecursively(this.dataDir.toFile());
    }

    /** One identity instance and what its profile cache's metrics say. */
    static final class Instance implements AutoCloseable {

        final String name;

        final String baseUrl;

        final ConfigurableApplicationContext context;

        private Instance(String name, ConfigurableApplicationContext context) {
            this.name = name;
            this.context = context;
            this.baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
        }

        /** Profile reads that reached the database (successful loads of the cache). */
        long loads() {
            Timer timer = loadTimer();
            return timer == null ? 0 : timer.count();
        }

        /** Time spent in those loads, in milliseconds. */
        double loadMillis() {
            Timer timer = loadTimer();
            return timer == null ? 0 : timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        /** {@code emporium.cache.gets} of the profile cache at a level ({@code local}, {@code shared}) with a result. */
        long gets(String level, String result) {
            Counter counter = this.context.getBean(MeterRegistry.class).find("emporium.cache.gets")
                .tags("cache", CACHE, "level", level, "result", result)
                .counter();
            return counter == null ? 0 : (long) counter.count();
        }

        private Timer loadTimer() {
            return this.context.getBean(MeterRegistry.class).find("emporium.cache.loads")
                .tags("cache", CACHE, "outcome", "success")
                .timer();
        }

        @Override
        public void close() {
            this.context.close();
        }
    }
}
