package dev.emporium.platform.sharding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionException;

/**
 * A service's sharded data: runs each user's queries on the shard that owns the user's bucket, behind the bucket's
 * fence, and queries across all shards in parallel.
 *
 * <p>Routing by a cached map is safe because every shard checks, in the same transaction as the query, that it
 * owns the bucket. A write waits while its bucket is frozen by a move; when the bucket has moved, the shard says so,
 * the map is reloaded and the query runs again on the new owner. The query itself runs at most once: the fence is
 * read first and nothing else has happened when the shard turns a query away.
 */
public final class ShardedDatabase {

    private static final Logger log = LoggerFactory.getLogger(ShardedDatabase.class);

    private static final int STALE_MAP_RETRIES = 5;

    private final Map<String, ShardDatabase> shards;

    private final Directory directory;

    private final Duration freezeWait;

    private final Duration scatterDeadline;

    private final ShardQueryMeters meters;

    private volatile ShardMap map;

    ShardedDatabase(Collection<ShardDatabase> shards, Directory directory, ShardMap map, Duration freezeWait,
            Duration scatterDeadline, @Nullable MeterRegistry meters) {
        this.shards = new LinkedHashMap<>();
        shards.forEach(shard -> this.shards.put(shard.id(), shard));
        this.directory = directory;
        this.map = map;
        this.freezeWait = freezeWait;
        this.scatterDeadline = scatterDeadline;
        this.meters = new ShardQueryMeters(meters);
    }

    /** The map this instance routes by. */
    public ShardMap map() {
        return this.map;
    }

    /**
     * Each shard's primary pool, by shard id, for work that spans a whole shard rather than one user: schema
     * migrations, and the outbox relay. Such work must respect the fence itself (the relay publishes only the rows of
     * buckets the shard owns).
     */
    public Map<String, DataSource> primaries() {
        Map<String, DataSource> primaries = new LinkedHashMap<>();
        this.shards.forEach((id, shard) -> primaries.put(id, shard.primary()));
        return primaries;
    }

    /** The id of the shard that owns the user's data, by the current map. */
    public String shardOf(String userId) {
        return this.map.shardOf(Buckets.of(userId));
    }

    /** Reads the user's data on their shard's primary (so a user always reads their own writes). */
    public <T extends @Nullable Object> T read(String userId, Function<JdbcClient, T> query) {
        return route(userId, false, query);
    }

    /** Changes the user's data in one transaction on their shard; waits while a move has the bucket frozen. */
    public <T extends @Nullable Object> T write(String userId, Function<JdbcClient, T> change) {
        return route(userId, true, change);
    }

    public void writeWithoutResult(String userId, Consumer<JdbcClient> change) {
        route(userId, true, jdbc -> {
            change.accept(jdbc);
            return Boolean.TRUE;
        });
    }

    /**
     * Runs {@code query} on every shard in parallel (on its replica, if it has one: the answer may be a moment stale)
     * and gathers the rows of the shards that answered within the deadline. Rows of buckets a shard does not own by
     * this instance's map (copies made by a move in progress, or left for its clean-up) are dropped, so each row
     * counts once; {@code bucketOf} tells a row's bucket.
     */
    public <T> Scatter<T> scatter(Function<JdbcClient, List<T>> query, ToIntFunction<T> bucketOf) {
        ShardMap snapshot = this.map;
        Map<String, Future<List<T>>> futures = new LinkedHashMap<>();
        List<T> rows = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        long deadline = System.nanoTime() + this.scatterDeadline.toNanos();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            this.shards.values().forEach(shard -> futures.put(shard.id(), executor.submit(() -> {
                long started = System.nanoTime();
                try {
                    return onReplica(shard, query);
                }
                finally {
                    this.meters.record(shard.id(), "scatter", System.nanoTime() - started);
                }
            })));
            futures.forEach((shard, future) -> {
                try {
                    future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).stream()
                        .filter(row -> snapshot.shardOf(bucketOf.applyAsInt(row)).equals(shard))
                        .forEach(rows::add);
                }
                catch (TimeoutException | ExecutionException ex) {
                    log.warn("Shard {} did not answer a query across shards: {}", shard,
                            ex instanceof ExecutionException ? ex.getCause().toString() : "deadline passed");
                    missing.add(shard);
                    future.cancel(true);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    missing.add(shard);
                }
            });
            executor.shutdownNow();
        }
        return new Scatter<>(rows, missing);
    }

    /**
     * Runs a stale-tolerant query on the shard's replica; if the replica fails (it died, or its connection broke), on
     * the primary instead, so a dead replica costs a query no answer.
     */
    private static <T> List<T> onReplica(ShardDatabase shard, Function<JdbcClient, List<T>> query) {
        if (shard.replicaJdbc() == shard.jdbc()) {
            return query.apply(shard.jdbc());
        }
        try {
            return query.apply(shard.replicaJdbc());
        }
        catch (DataAccessResourceFailureException ex) {
            log.debug("Replica of shard {} failed ({}); reading from its primary", shard.id(), ex.toString());
            return query.apply(shard.jdbc());
        }
    }

    /** Reloads the map from the directory if its version moved on; true if it did. */
    synchronized boolean refresh() {
        Optional<Long> version = this.directory.version();
        if (version.isPresent() && version.get() != this.map.version()) {
            this.directory.map().ifPresent(fresh -> {
                if (fresh.version() > this.map.version()) {
                    log.info("Shard map version {} (was {})", fresh.version(), this.map.version());
                    this.map = fresh;
                }
            });
            return true;
        }
        return false;
    }

    Collection<ShardDatabase> shards() {
        return this.shards.values();
    }

    Optional<ShardDatabase> shard(String id) {
        return Optional.ofNullable(this.shards.get(id));
    }

    private <T extends @Nullable Object> T route(String userId, boolean write, Function<JdbcClient, T> work) {
        int bucket = Buckets.of(userId);
        long frozenUntil = System.nanoTime() + this.freezeWait.toNanos();
        int staleMaps = 0;
        while (true) {
            String shardId = this.map.shardOf(bucket);
            ShardDatabase shard = this.shards.get(shardId);
            if (shard == null) {
                throw new IllegalStateException("The shard map names shard '" + shardId + "', which this service has no "
                        + "database for (emporium.sharding.shards)");
            }
            Attempt<T> attempt;
            long started = System.nanoTime();
            try {
                attempt = (write ? shard.writes() : shard.reads()).execute(status -> {
                    ShardDatabase.Fence fence;
                    try {
                        fence = shard.fence(bucket, write);
                    }
                    catch (PessimisticLockingFailureException | QueryTimeoutException ex) {
                        // The database gave up waiting for the fence row: a move holds it longer than it allows.
                        throw ShardUnavailable.moving(shardId);
                    }
                    if (fence == ShardDatabase.Fence.OWNED || (!write && fence == ShardDatabase.Fence.FROZEN)) {
                        return new Attempt<>(fence, true, work.apply(shard.jdbc()));
                    }
                    return new Attempt<T>(fence, false, null);
                });
            }
            catch (DataAccessResourceFailureException | TransactionException ex) {
                throw ShardUnavailable.unreachable(shardId, ex);
            }
            finally {
                this.meters.record(shardId, write ? "write" : "read", System.nanoTime() - started);
            }
            if (attempt == null) {
                throw new IllegalStateException("transaction returned nothing");
            }
            if (attempt.ran()) {
                return attempt.result();
            }
            if (attempt.fence() == ShardDatabase.Fence.FROZEN) {
                if (System.nanoTime() > frozenUntil) {
                    throw ShardUnavailable.moving(shardId);
                }
                pause(5, 20);
            }
            else {
                // The bucket is not on this shard any more: the map is stale. The directory flips a bucket before
                // its old shard lets go of it, so the reloaded map names the new owner.
                if (++staleMaps > STALE_MAP_RETRIES) {
                    log.error("Bucket {} is on no shard this service can find (map version {})", bucket, this.map.version());
                    throw ShardUnavailable.moving(shardId);
                }
                if (!refresh()) {
                    pause(20, 50);
                }
            }
        }
    }

    private static void pause(int minMillis, int maxMillis) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(minMillis, maxMillis + 1));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a bucket to move", ex);
        }
    }

    private record Attempt<T extends @Nullable Object>(ShardDatabase.Fence fence, boolean ran, @Nullable T result) {
    }
}
