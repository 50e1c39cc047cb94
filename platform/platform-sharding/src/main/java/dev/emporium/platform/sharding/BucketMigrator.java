package dev.emporium.platform.sharding;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;

/**
 * This service's part of a bucket move: copies a bucket's rows of every sharded table from one shard to another,
 * freezes, claims, releases and cleans up the bucket. Each step is idempotent, so a coordinator can repeat one after
 * a failure. Table and column names come from configuration and the database's own metadata, never from a request.
 */
final class BucketMigrator {

    private final ShardedDatabase database;

    private final List<String> tables;

    private final Map<String, List<String>> primaryKeys = new ConcurrentHashMap<>();

    BucketMigrator(ShardedDatabase database, List<String> tables) {
        this.database = database;
        this.tables = List.copyOf(tables);
    }

    /**
     * Copies the bucket's rows to {@code to} while writes go on (the first, bulk copy): the target ends up with what
     * the source had a moment ago. Does nothing once {@code to} owns the bucket. Returns the rows written.
     */
    long copy(int bucket, String from, String to) {
        ShardDatabase target = shard(to);
        Map<String, Map<List<Object>, Map<String, Object>>> source = snapshot(bucket, shard(from));
        Long written = target.writes().execute(status -> target.fence(bucket, true) == ShardDatabase.Fence.OWNED ? 0L
                : applyDifferences(bucket, source, target));
        return written != null ? written : 0L;
    }

    /**
     * Freezes the bucket on {@code from}: waits for the writes in flight (they hold the fence row's shared lock), and
     * makes new writes wait. Already frozen is fine; a bucket {@code from} does not own is an error.
     */
    void freeze(int bucket, String from) {
        ShardDatabase source = shard(from);
        int frozen = source.jdbc().sql("update shard_buckets set state = 'FROZEN' where bucket = :bucket")
            .param("bucket", bucket)
            .update();
        if (frozen != 1) {
            throw new IllegalStateException("Shard " + from + " does not hold bucket " + bucket);
        }
    }

    /**
     * With the bucket frozen on {@code from}: copies what changed since {@link #copy} and makes {@code to} the
     * bucket's owner, in one transaction on the target. Returns the rows written (0 if {@code to} owned it already).
     */
    long claim(int bucket, String from, String to) {
        ShardDatabase target = shard(to);
        Map<String, Map<List<Object>, Map<String, Object>>> source = snapshot(bucket, shard(from));
        Long written = target.writes().execute(status -> {
            if (target.fence(bucket, true) == ShardDatabase.Fence.OWNED) {
                return 0L;
            }
            long rows = applyDifferences(bucket, source, target);
            target.jdbc().sql("insert into shard_buckets (bucket, state) values (:bucket, 'OWNED')")
                .param("bucket", bucket)
                .update();
            return rows;
        });
        return written != null ? written : 0L;
    }

    /** After the map flipped: {@code from} lets go of the bucket; writes waiting there move on to the new owner. */
    void release(int bucket, String from) {
        shard(from).jdbc().sql("delete from shard_buckets where bucket = :bucket").param("bucket", bucket).update();
    }

    /** Undoes a move of the bucket that failed before the map flipped: the target gives it up, the source thaws. */
    void abort(int bucket, String from, String to) {
        shard(to).jdbc().sql("delete from shard_buckets where bucket = :bucket").param("bucket", bucket).update();
        shard(from).jdbc().sql("update shard_buckets set state = 'OWNED' where bucket = :bucket and state = 'FROZEN'")
            .param("bucket", bucket)
            .update();
    }

    /** Deletes the bucket's rows from a shard that no longer owns it (never from its owner). Returns rows deleted. */
    long cleanup(int bucket, String from) {
        ShardDatabase source = shard(from);
        Long deleted = source.writes().execute(status -> {
            if (source.fence(bucket, true) != ShardDatabase.Fence.NOT_HERE) {
                throw new IllegalStateException("Shard " + from + " still owns bucket " + bucket + "; not cleaning it up");
            }
            long rows = 0;
            for (String table : this.tables.reversed()) {
                rows += source.jdbc().sql("delete from " + table + " where bucket = :bucket").param("bucket", bucket).update();
            }
            return rows;
        });
        return deleted != null ? deleted : 0L;
    }

    /**
     * Rows per table on each shard, counting only the buckets the map gives that shard (a move's copies and leftovers
     * are not counted twice). Shards that cannot be read are left out.
     */
    Map<String, Map<String, Long>> rowCounts(ShardMap map) {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        for (ShardDatabase shard : this.database.shards()) {
            Map<String, Long> perTable = new LinkedHashMap<>();
            for (String table : this.tables) {
                perTable.put(table, shard.replicaJdbc().sql("select bucket, count(*) as n from " + table + " group by bucket")
                    .query((row, rowNum) -> map.shardOf(row.getInt("bucket")).equals(shard.id()) ? row.getLong("n") : 0L)
                    .list().stream().mapToLong(Long::longValue).sum());
            }
            counts.put(shard.id(), perTable);
        }
        return counts;
    }

    List<String> tables() {
        return this.tables;
    }

    private ShardDatabase shard(String id) {
        return this.database.shard(id).orElseThrow(() -> new IllegalArgumentException("Unknown shard " + id));
    }

    /**
     * The bucket's rows of every table, by primary key, read in one repeatable-read transaction: one snapshot, so a
     * child row written between reading its table and its parent's (an order's lines and the order) cannot appear
     * without its parent.
     */
    private Map<String, Map<List<Object>, Map<String, Object>>> snapshot(int bucket, ShardDatabase source) {
        Map<String, Map<List<Object>, Map<String, Object>>> rows = source.snapshots().execute(status -> {
            Map<String, Map<List<Object>, Map<String, Object>>> byTable = new LinkedHashMap<>();
            for (String table : this.tables) {
                byTable.put(table, rowsByKey(source.jdbc(), table, primaryKey(source, table), bucket));
            }
            return byTable;
        });
        if (rows == null) {
            throw new IllegalStateException("no snapshot of bucket " + bucket);
        }
        return rows;
    }

    /**
     * Makes the target's rows of the bucket equal to the source's snapshot, writing only what differs: missing rows
     * inserted, changed rows updated, extra rows deleted (children before parents).
     */
    private long applyDifferences(int bucket, Map<String, Map<List<Object>, Map<String, Object>>> sourceRows,
            ShardDatabase target) {
        long written = 0;
        Map<String, Map<List<Object>, Map<String, Object>>> targetRows = new LinkedHashMap<>();
        for (String table : this.tables) {
            targetRows.put(table, rowsByKey(target.jdbc(), table, primaryKey(target, table), bucket));
        }
        for (String table : this.tables.reversed()) {
            List<String> key = primaryKey(target, table);
            for (List<Object> extra : targetRows.get(table).keySet()) {
                if (!sourceRows.get(table).containsKey(extra)) {
                    written += target.jdbc().sql("delete from " + table + " where " + matching(key))
                        .params(keyParams(key, extra))
                        .update();
                }
            }
        }
        for (String table : this.tables) {
            List<String> key = primaryKey(target, table);
            Map<List<Object>, Map<String, Object>> present = targetRows.get(table);
            for (Map.Entry<List<Object>, Map<String, Object>> row : sourceRows.get(table).entrySet()) {
                Map<String, Object> existing = present.get(row.getKey());
                if (existing == null) {
                    List<String> columns = new ArrayList<>(row.getValue().keySet());
                    written += target.jdbc().sql("insert into " + table + " (" + String.join(", ", columns) + ") values ("
                            + columns.stream().map(column -> ":" + column).collect(Collectors.joining(", ")) + ")")
                        .params(row.getValue())
                        .update();
                }
                else if (!sameValues(existing, row.getValue())) {
                    List<String> columns = row.getValue().keySet().stream().filter(column -> !key.contains(column)).toList();
                    written += target.jdbc().sql("update " + table + " set "
                            + columns.stream().map(column -> column + " = :" + column).collect(Collectors.joining(", "))
                            + " where " + matching(key))
                        .params(row.getValue())
                        .update();
                }
            }
        }
        return written;
    }

    private static Map<List<Object>, Map<String, Object>> rowsByKey(JdbcClient jdbc, String table, List<String> key, int bucket) {
        Map<List<Object>, Map<String, Object>> rows = new LinkedHashMap<>();
        jdbc.sql("select * from " + table + " where bucket = :bucket").param("bucket", bucket).query().listOfRows()
            .forEach(row -> {
                Map<String, Object> byLowerName = new LinkedHashMap<>();
                row.forEach((column, value) -> byLowerName.put(column.toLowerCase(java.util.Locale.ROOT), value));
                rows.put(key.stream().map(byLowerName::get).toList(), byLowerName);
            });
        return rows;
    }

    private static boolean sameValues(Map<String, Object> a, Map<String, Object> b) {
        return a.keySet().equals(b.keySet()) && a.keySet().stream().allMatch(column -> Objects.deepEquals(a.get(column), b.get(column)));
    }

    private static String matching(List<String> key) {
        return key.stream().map(column -> column + " = :" + column).collect(Collectors.joining(" and "));
    }

    private static Map<String, Object> keyParams(List<String> key, List<Object> values) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < key.size(); i++) {
            params.put(key.get(i), values.get(i));
        }
        return params;
    }

    private List<String> primaryKey(ShardDatabase shard, String table) {
        return this.primaryKeys.computeIfAbsent(table, name -> {
            try {
                List<String> key = JdbcUtils.extractDatabaseMetaData(shard.primary(), (DatabaseMetaData meta) -> {
                    Map<Integer, String> columns = new TreeMap<>();
                    try (ResultSet keys = meta.getPrimaryKeys(null, null, name)) {
                        while (keys.next()) {
                            columns.put(keys.getInt("KEY_SEQ"), keys.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
                        }
                    }
                    return List.copyOf(columns.values());
                });
                if (key == null || key.isEmpty()) {
                    throw new IllegalStateException("Sharded table " + name + " has no primary key");
                }
                return key;
            }
            catch (org.springframework.jdbc.support.MetaDataAccessException ex) {
                throw new IllegalStateException("Cannot read the primary key of " + name, ex);
            }
        });
    }
}
