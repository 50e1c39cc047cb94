package dev.emporium.platform.sharding;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Opens a service's sharded data: a pool for the directory and for each shard, Flyway on every shard (the service's
 * migrations and the bucket fence), the map (written first by the directory's manager, which the other services
 * wait for), and a refresher that reloads the map when its version moves on. The auto-configuration uses it, and so
 * can a test that wants sharded data without a Spring context. Closing it closes the pools.
 */
public final class ShardingSetup implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShardingSetup.class);

    private final List<HikariDataSource> pools = new ArrayList<>();

    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("shard-map-refresh").factory());

    private final Directory directory;

    private final ShardedDatabase database;

    private ShardingSetup(ShardingProperties properties, String service, String[] migrations, @Nullable MeterRegistry meters,
            Clock clock) {
        try {
            ShardingProperties.Database settings = properties.directory();
            DataSource directoryPool = pool(service + "-directory", settings.url(), settings.username(),
                    settings.password(), 4, meters);
            if (properties.manageDirectory()) {
                Flyway.configure()
                    .dataSource(directoryPool)
                    .locations("classpath:db/sharding/directory")
                    .table("directory_schema_history")
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
            }
            this.directory = new Directory(JdbcClient.create(directoryPool),
                    new TransactionTemplate(new DataSourceTransactionManager(directoryPool)), clock);
            if (properties.shards() == null || properties.shards().isEmpty()) {
                throw new IllegalStateException("emporium.sharding.shards names no shard for " + service);
            }
            List<String> shardIds = properties.shards().keySet().stream().sorted().toList();
            if (properties.manageDirectory()) {
                List<String> initial = properties.initialShards().isEmpty() ? shardIds
                        : properties.initialShards().stream().sorted().toList();
                if (!shardIds.containsAll(initial)) {
                    throw new IllegalStateException("emporium.sharding.initial-shards names shards that are not configured: "
                            + initial);
                }
                this.directory.bootstrap(initial);
            }
            ShardMap map = awaitMap(this.directory, service);
            List<ShardDatabase> shards = new ArrayList<>();
            for (String id : shardIds) {
                ShardingProperties.Shard shard = properties.shards().get(id);
                HikariDataSource primary = pool(service + "-" + id, shard.url(), shard.username(), shard.password(),
                        properties.maximumPoolSize(), meters);
                HikariDataSource replica = shard.replicaUrl() == null || shard.replicaUrl().isBlank() ? null
                        : pool(service + "-" + id + "-replica", shard.replicaUrl(), shard.username(), shard.password(),
                                properties.maximumPoolSize(), meters);
                migrate(primary, migrations, id, service);
                initialiseFence(primary, map, id);
                shards.add(new ShardDatabase(id, shard.url(), primary, replica));
                if (replica != null && meters != null && shard.replicaUrl() != null
                        && shard.replicaUrl().startsWith("jdbc:postgresql:")) {
                    watchReplicaLag(id, service, replica, meters);
                }
            }
            this.database = new ShardedDatabase(shards, this.directory, map, properties.freezeWait(),
                    properties.scatterDeadline(), meters);
            long interval = properties.refreshInterval().toMillis();
            this.refresher.scheduleWithFixedDelay(this::refresh, interval, interval, TimeUnit.MILLISECONDS);
            if (meters != null) {
                Gauge.builder("emporium.sharding.map.version", this.database, db -> db.map().version())
                    .description("The version of the bucket-to-shard map this instance routes by")
                    .register(meters);
            }
        }
        catch (RuntimeException ex) {
            close();
            throw ex;
        }
    }

    /**
     * @param migrations the service's Flyway locations, run on every shard
     */
    public static ShardingSetup open(ShardingProperties properties, String service, String[] migrations,
            @Nullable MeterRegistry meters, Clock clock) {
        return new ShardingSetup(properties, service, migrations, meters, clock);
    }

    public Directory directory() {
        return this.directory;
    }

    public ShardedDatabase database() {
        return this.database;
    }

    /** Runs {@code task} every {@code interval} (first after one interval) until this is closed; failures are logged. */
    void every(Duration interval, String what, Runnable task) {
        this.refresher.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            }
            catch (RuntimeException ex) {
                log.warn("{} failed: {}", what, ex.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        this.refresher.shutdownNow();
        this.pools.forEach(HikariDataSource::close);
    }

    private HikariDataSource pool(String name, String url, String username, String password, int size,
            @Nullable MeterRegistry meters) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(2000);
        config.setValidationTimeout(1000);
        // A shard that is down at start-up costs its users only: the service starts and answers them 503.
        config.setInitializationFailTimeout(-1);
        if (meters != null) {
            config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        }
        HikariDataSource pool = new HikariDataSource(config);
        this.pools.add(pool);
        return pool;
    }

    /**
     * Samples the replay lag of the shard's replica every 5 s into {@code emporium.db.replica.lag} (seconds; 0 when
     * it has replayed all it received, NaN when it does not answer), the gauge the catalog's replicas report too.
     */
    private void watchReplicaLag(String shard, String service, DataSource replica, MeterRegistry meters) {
        AtomicReference<Double> lag = new AtomicReference<>(Double.NaN);
        JdbcClient jdbc = JdbcClient.create(replica);
        Gauge.builder("emporium.db.replica.lag", lag, AtomicReference::get)
            .description("Replay lag of a read replica (0 when it has replayed all it received; NaN when it does not answer)")
            .baseUnit("seconds")
            .tag("replica", shard + "-replica")
            .register(meters);
        every(Duration.ofSeconds(5), "Sampling the replica lag of " + service + " shard " + shard, () -> {
            try {
                lag.set(jdbc.sql("""
                        select case when not pg_is_in_recovery() then 0
                                    when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
                                    else extract(epoch from now() - pg_last_xact_replay_timestamp()) end
                        """).query(Double.class).optional().orElse(Double.NaN));
            }
            catch (RuntimeException ex) {
                lag.set(Double.NaN);
            }
        });
    }

    private void refresh() {
        try {
            this.database.refresh();
        }
        catch (RuntimeException ex) {
            log.warn("Could not check the shard map's version (routing by version {} meanwhile): {}",
                    this.database.map().version(), ex.toString());
        }
    }

    /** The directory's manager writes the first map; the other services wait for it (they may start first). */
    private static ShardMap awaitMap(Directory directory, String service) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                Optional<ShardMap> map = directory.map();
                if (map.isPresent()) {
                    return map.get();
                }
            }
            catch (RuntimeException ex) {
                // Not migrated yet (no table) or not reachable yet: wait for the directory's manager.
                last = ex;
            }
            try {
                Thread.sleep(200);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("No shard map in the directory after 60 s; " + service
                + " needs the directory's manager (identity) to have started", last);
    }

    private static void migrate(DataSource shard, String[] locations, String shardId, String service) {
        log.debug("Migrating {} on shard {}", service, shardId);
        Flyway.configure().dataSource(shard).locations(locations).load().migrate();
        Flyway.configure()
            .dataSource(shard)
            .locations("classpath:db/sharding/shard")
            .table("sharding_schema_history")
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load()
            .migrate();
    }

    /**
     * A shard database whose fence is empty has never been routed to: it gets the buckets the map gives its shard.
     * (A shard that has owned buckets always has rows here, and a move adds or removes them one by one.)
     */
    private static void initialiseFence(DataSource shard, ShardMap map, String shardId) {
        JdbcClient jdbc = JdbcClient.create(shard);
        if (jdbc.sql("select count(*) from shard_buckets").query(Long.class).single() > 0) {
            return;
        }
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(shard));
        transactions.executeWithoutResult(status -> {
            for (Map.Entry<String, List<BucketRange>> owned : map.ranges().entrySet()) {
                if (!owned.getKey().equals(shardId)) {
                    continue;
                }
                for (BucketRange range : owned.getValue()) {
                    for (int bucket = range.first(); bucket <= range.last(); bucket++) {
                        jdbc.sql("insert into shard_buckets (bucket, state) values (:bucket, 'OWNED') on conflict do nothing")
                            .param("bucket", bucket)
                            .update();
                    }
                }
            }
        });
    }
}
