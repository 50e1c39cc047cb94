package dev.emporium.platform.sharding;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code emporium.sharding.*}: where the directory and this service's shard databases are, which of its tables are
 * sharded, and the timings of routing.
 *
 * @param directory the directory database (bucket map, email index, moves)
 * @param manageDirectory whether this service migrates the directory and writes its first map (identity does)
 * @param shards this service's database on each shard, by shard id; every sharded service names the same ids
 * @param initialShards the shards the first map splits the buckets over (empty: all of them); the others start
 *     empty, as targets for bucket moves
 * @param tables the sharded tables, parents before children; each has an integer {@code bucket} column
 * @param refreshInterval how often the map's version is checked
 * @param freezeWait how long a write waits for a frozen bucket before it is answered 503
 * @param scatterDeadline how long a query across all shards waits for the slowest shard
 * @param cleanupGrace how long a moved bucket's rows stay on the source after the map flipped (reads in flight)
 * @param coordinator the move coordinator's settings (identity runs it)
 */
@ConfigurationProperties("emporium.sharding")
public record ShardingProperties(Database directory, @DefaultValue("false") boolean manageDirectory,
        Map<String, Shard> shards, @DefaultValue List<String> initialShards, @DefaultValue List<String> tables, @DefaultValue("1s") Duration refreshInterval,
        @DefaultValue("5s") Duration freezeWait, @DefaultValue("2s") Duration scatterDeadline,
        @DefaultValue("3s") Duration cleanupGrace, @DefaultValue("10") int maximumPoolSize,
        @DefaultValue Coordinator coordinator) {

    /** Settings with the default timings, for code that opens sharded data without binding properties (tests). */
    public static ShardingProperties of(Database directory, boolean manageDirectory, Map<String, Shard> shards,
            List<String> tables) {
        return new ShardingProperties(directory, manageDirectory, shards, List.of(), tables, Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(3), 10, new Coordinator(false, List.of()));
    }

    public record Database(String url, @DefaultValue("sa") String username, @DefaultValue("") String password) {
    }

    /**
     * @param url the shard's primary (for PostgreSQL a multi-host URL with {@code targetServerType=primary} finds a
     *     promoted replica by itself)
     * @param replicaUrl where reads that may be stale go (queries across shards); unset: the primary
     */
    public record Shard(String url, @Nullable String replicaUrl, @DefaultValue("sa") String username,
            @DefaultValue("") String password) {
    }

    /**
     * @param enabled whether this service coordinates moves and answers {@code /api/ops/shards}
     * @param participants the other sharded services (by discovery name) whose data moves with a bucket
     */
    public record Coordinator(@DefaultValue("false") boolean enabled, @DefaultValue List<String> participants) {
    }
}
