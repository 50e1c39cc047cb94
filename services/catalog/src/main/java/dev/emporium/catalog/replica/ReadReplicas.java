package dev.emporium.catalog.replica;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The read replicas: a connection pool of their own on the multi-host URL (pgjdbc picks a replica for each new
 * connection), and a sampler that publishes each replica's replay lag as the gauge {@code emporium.db.replica.lag}
 * (seconds, tagged {@code replica=host:port}; see {@link Replica}).
 * <p>
 * A replica that answers again after being down gets its share of reads back at once: the sampler replaces the pool's
 * connections, and the new ones spread over every replica that answers. Without that, reads would stay on the
 * replicas that survived until their connections reached their maximum lifetime.
 */
final class ReadReplicas implements AutoCloseable {

    static final String POOL_NAME = "catalog-replicas";

    private static final Logger log = LoggerFactory.getLogger(ReadReplicas.class);

    private final HikariDataSource pool;

    private final JdbcClient jdbc;

    private final List<Replica> replicas;

    private final ScheduledExecutorService sampler = Executors
        .newSingleThreadScheduledExecutor(Thread.ofPlatform().name("catalog-replica-lag").daemon().factory());

    ReadReplicas(ReadReplicaProperties properties, @Nullable String username, @Nullable String password, MeterRegistry meters) {
        String url = properties.url();
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("emporium.catalog.read-replicas.url is empty");
        }
        this.replicas = Replica.of(url, username, password);
        HikariConfig config = new HikariConfig();
        config.setPoolName(POOL_NAME);
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(properties.maximumPoolSize());
        config.setConnectionTimeout(2_000);
        config.setReadOnly(true);
        // Start even if no replica answers yet: reads fail (and are retried) until one does, the service still starts.
        config.setInitializationFailTimeout(-1);
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        this.pool = new HikariDataSource(config);
        this.jdbc = JdbcClient.create(this.pool);
        for (Replica replica : this.replicas) {
            Gauge.builder("emporium.db.replica.lag", replica, Replica::lagSeconds)
                .description("Replay lag of a read replica (0 when it has replayed all it received; NaN when it does not answer)")
                .baseUnit("seconds")
                .tag("replica", replica.name())
                .register(meters);
        }
        long interval = properties.lagInterval().toMillis();
        this.sampler.scheduleWithFixedDelay(this::sample, 0, interval, TimeUnit.MILLISECONDS);
    }

    JdbcClient jdbc() {
        return this.jdbc;
    }

    /**
     * Retires every connection of the pool (those in use when they are returned); new ones are opened on replicas
     * that answer. Called when a replica died or came back.
     */
    void replaceConnections() {
        HikariPoolMXBean connections = this.pool.getHikariPoolMXBean();
        if (connections != null) {
            connections.softEvictConnections();
        }
    }

    private void sample() {
        for (Replica replica : this.replicas) {
            if (replica.sample()) {
                log.info("Read replica {} answers again: spreading reads over it", replica.name());
                replaceConnections();
            }
        }
    }

    @Override
    public void close() {
        this.sampler.shutdownNow();
        this.pool.close();
    }
}
