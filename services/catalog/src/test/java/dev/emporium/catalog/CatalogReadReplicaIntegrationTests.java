package dev.emporium.catalog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.emporium.testsupport.HttpTestClient;
import dev.emporium.testsupport.HttpTestClient.Response;
import dev.emporium.testsupport.postgres.PostgresServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault of DESIGN §7 on the catalog: reads spread over two streaming replicas of its primary, one replica is
 * killed (SIGKILL) while readers run, and not one read fails; the replica is restarted, catches up, and serves reads
 * again. The catalog runs with its postgres profile against a primary of the test's own.
 */
class CatalogReadReplicaIntegrationTests {

    private static final int READERS = 4;

    private static final Duration CATCH_UP = Duration.ofSeconds(20);

    static PostgresServer primary;

    static PostgresServer first;

    static PostgresServer second;

    static ConfigurableApplicationContext catalog;

    static HttpTestClient http;

    @BeforeAll
    static void startPrimaryReplicasAndCatalog() {
        primary = PostgresServer.primary("catalog-primary");
        primary.createDatabase("emporium_catalog");
        first = primary.replica("catalog-replica-1");
        second = primary.replica("catalog-replica-2");
        catalog = new SpringApplicationBuilder(CatalogApplication.class).run("--spring.config.name=catalog",
                "--spring.profiles.active=postgres", "--server.port=0", "--emporium.catalog.demo-data=true",
                "--emporium.postgres.server=127.0.0.1:" + primary.port(),
                "--emporium.catalog.read-replicas.url=jdbc:postgresql://127.0.0.1:" + first.port() + ",127.0.0.1:"
                        + second.port() + "/emporium_catalog?targetServerType=preferSecondary&loadBalanceHosts=true"
                        + "&${emporium.postgres.params}",
                "--emporium.catalog.read-replicas.lag-interval=500ms",
                // Every read reaches a replica: the test counts the replicas' transactions.
                "--emporium.catalog.cache.enabled=false");
        http = HttpTestClient.forPort(((WebServerApplicationContext) catalog).getWebServer().getPort());
        // The demo catalog was seeded on the primary while the catalog started: reads may begin once both have it.
        first.awaitCaughtUp(CATCH_UP);
        second.awaitCaughtUp(CATCH_UP);
    }

    @AfterAll
    static void stop() {
        if (catalog != null) {
            catalog.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    @Test
    void aReplicaKilledUnderReadsCostsNoReadAndServesReadsAgainOnceRestarted() throws Exception {
        try (Readers readers = new Readers(READERS)) {
            awaitReads(readers, 200);
            assertThat(lag(first)).isNotNaN().isGreaterThanOrEqualTo(0);
            assertThat(lag(second)).isNotNaN().isGreaterThanOrEqualTo(0);

            first.kill();
            awaitReads(readers, 500);
            await("the lag of the dead replica is unknown").atMost(Duration.ofSeconds(5)).until(() -> lag(first).isNaN());

            first.start();
            first.awaitCaughtUp(CATCH_UP);
            // The pool's connections are spread again: more than the one the lag sampler opens at a time.
            await("the replica pool connects to the restarted replica").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> catalogConnections(first) >= 2);
            long before = catalogCommits(first);
            await("reads reach the restarted replica").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> catalogCommits(first) > before + 100);
            await("the lag of the restarted replica is measured").atMost(Duration.ofSeconds(5))
                .until(() -> !lag(first).isNaN());

            readers.stop();
            assertThat(readers.failures).as("failed reads").isEmpty();
            assertThat(readers.succeeded.get()).isGreaterThan(700);
        }
    }

    private static void awaitReads(Readers readers, long more) {
        long target = readers.succeeded.get() + more;
        await("%d more successful reads".formatted(more)).atMost(Duration.ofSeconds(20))
            .failFast(() -> assertThat(readers.failures).as("failed reads").isEmpty())
            .until(() -> readers.succeeded.get() >= target);
    }

    private static Double lag(PostgresServer replica) {
        return catalog.getBean(MeterRegistry.class)
            .get("emporium.db.replica.lag")
            .tag("replica", "127.0.0.1:" + replica.port())
            .gauge()
            .value();
    }

    /** Connections to the catalog's database on a server, asked from another database. */
    private static long catalogConnections(PostgresServer server) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"));
                PreparedStatement statement = connection
                    .prepareStatement("select count(*) from pg_stat_activity where datname = 'emporium_catalog'");
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /**
     * Transactions committed in the catalog's database on a server since it started: each read through the replica
     * pool is one. Asked from another database, so asking does not count; the lag sampler adds two a second.
     */
    private static long catalogCommits(PostgresServer server) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"));
                PreparedStatement statement = connection.prepareStatement(
                        "select xact_commit from pg_stat_database where datname = 'emporium_catalog'");
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Threads reading random demo products by id through HTTP until stopped, counting successes and failures. */
    private static final class Readers implements AutoCloseable {

        final AtomicLong succeeded = new AtomicLong();

        final Queue<String> failures = new ConcurrentLinkedQueue<>();

        private final AtomicBoolean running = new AtomicBoolean(true);

        private final ExecutorService threads;

        Readers(int count) {
            this.threads = Executors.newFixedThreadPool(count);
            for (int i = 0; i < count; i++) {
                this.threads.execute(this::read);
            }
        }

        private void read() {
            while (this.running.get()) {
                String path = "/api/catalog/products/p" + ThreadLocalRandom.current().nextInt(1, 1201);
                try {
                    Response response = http.get(path);
                    if (response.status() == 200) {
                        this.succeeded.incrementAndGet();
                    }
                    else {
                        this.failures.add(path + " answered " + response.status() + ": " + response.body());
                    }
                }
                catch (RuntimeException ex) {
                    this.failures.add(path + " failed: " + ex);
                }
            }
        }

        void stop() {
            this.running.set(false);
        }

        @Override
        public void close() {
            stop();
            this.threads.close();
        }
    }
}
