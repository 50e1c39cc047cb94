package dev.emporium.platform.sharding;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The directory database: the versioned bucket → shard map, the email → user index (identity's) and the record of
 * bucket moves. Small and read mostly: services read the map's version once a second and the map only when that
 * version moved on.
 */
public final class Directory {

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final Clock clock;

    Directory(JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The directory's own tables, for the owner of their content (identity's email index). */
    public JdbcClient jdbc() {
        return this.jdbc;
    }

    /** The current map's version; empty before the first map was written. */
    Optional<Long> version() {
        return this.jdbc.sql("select version from shard_map_version where id = 1").query(Long.class).optional();
    }

    /** The current map; empty before the first map was written. */
    Optional<ShardMap> map() {
        return this.transactions.execute(status -> {
            Optional<Long> version = version();
            if (version.isEmpty()) {
                return Optional.empty();
            }
            String[] owners = new String[Buckets.COUNT];
            this.jdbc.sql("select bucket, shard_id from shard_map").query(row -> {
                owners[row.getInt("bucket")] = row.getString("shard_id");
            });
            for (String owner : owners) {
                if (owner == null) {
                    throw new IllegalStateException("The shard map in the directory does not name a shard for every bucket");
                }
            }
            return Optional.of(new ShardMap(version.get(), owners));
        });
    }

    /**
     * Writes version 1 of the map, buckets split evenly over {@code shards}, unless a map exists. Safe to run from
     * several instances at once: the version row is inserted first and only its inserter writes the buckets, in
     * the same transaction.
     */
    void bootstrap(List<String> shards) {
        ShardMap initial = ShardMap.initial(shards);
        this.transactions.executeWithoutResult(status -> {
            int inserted = this.jdbc.sql("""
                    insert into shard_map_version (id, version, updated_at) values (1, :version, :now)
                    on conflict do nothing
                    """)
                .param("version", initial.version())
                .param("now", OffsetDateTime.now(this.clock))
                .update();
            if (inserted == 1) {
                for (int bucket = 0; bucket < Buckets.COUNT; bucket++) {
                    this.jdbc.sql("insert into shard_map (bucket, shard_id, version) values (:bucket, :shard, :version)")
                        .param("bucket", bucket)
                        .param("shard", initial.shardOf(bucket))
                        .param("version", initial.version())
                        .update();
                }
            }
        });
    }

    /**
     * Runs {@code work} in one directory transaction holding the map's version row locked, so that two such
     * transactions (two admins starting overlapping moves at once) take turns.
     */
    <T> T underMapLock(java.util.function.Supplier<T> work) {
        T result = this.transactions.execute(status -> {
            this.jdbc.sql("select version from shard_map_version where id = 1 for update").query(Long.class).single();
            return work.get();
        });
        if (result == null) {
            throw new IllegalStateException("no result from the directory");
        }
        return result;
    }

    /**
     * Gives {@code bucket} to {@code shard} in a new map version, if {@code owner} still runs the move {@code moveId}
     * (read under the move's row lock, which a coordinator taking the move over needs too); false if it does not.
     */
    boolean flipIfOwner(int bucket, String shard, String moveId, String owner) {
        Boolean flipped = this.transactions.execute(status -> {
            Optional<String> current = this.jdbc.sql("select owner from shard_moves where id = :id for update")
                .param("id", moveId)
                .query(String.class)
                .optional();
            if (current.isEmpty() || !owner.equals(current.get())) {
                return false;
            }
            flipInTransaction(bucket, shard);
            return true;
        });
        return Boolean.TRUE.equals(flipped);
    }

    /** Gives {@code bucket} to {@code shard} in a new map version; returns that version. */
    long flip(int bucket, String shard) {
        Long version = this.transactions.execute(status -> flipInTransaction(bucket, shard));
        return version != null ? version : -1;
    }

    private long flipInTransaction(int bucket, String shard) {
        this.jdbc.sql("update shard_map_version set version = version + 1, updated_at = :now where id = 1")
            .param("now", OffsetDateTime.now(this.clock))
            .update();
        long next = version().orElseThrow();
        this.jdbc.sql("update shard_map set shard_id = :shard, version = :version where bucket = :bucket")
            .param("shard", shard)
            .param("version", next)
            .param("bucket", bucket)
            .update();
        return next;
    }
}
