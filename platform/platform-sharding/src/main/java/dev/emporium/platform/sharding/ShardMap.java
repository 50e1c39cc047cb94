package dev.emporium.platform.sharding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One version of the bucket → shard map: immutable, so a router can read it without locks. */
public final class ShardMap {

    private final long version;

    private final String[] shardByBucket;

    ShardMap(long version, String[] shardByBucket) {
        if (shardByBucket.length != Buckets.COUNT) {
            throw new IllegalArgumentException("a map has " + Buckets.COUNT + " buckets, not " + shardByBucket.length);
        }
        this.version = version;
        this.shardByBucket = shardByBucket.clone();
    }

    /** Version 1: the buckets split into equal consecutive ranges over {@code shards}, in the order given. */
    static ShardMap initial(List<String> shards) {
        String[] owners = new String[Buckets.COUNT];
        for (int bucket = 0; bucket < Buckets.COUNT; bucket++) {
            owners[bucket] = shards.get((int) ((long) bucket * shards.size() / Buckets.COUNT));
        }
        return new ShardMap(1, owners);
    }

    public long version() {
        return this.version;
    }

    public String shardOf(int bucket) {
        return this.shardByBucket[bucket];
    }

    /** The bucket ranges each shard owns, shards in name order, ranges ascending. */
    public Map<String, List<BucketRange>> ranges() {
        Map<String, List<BucketRange>> ranges = new TreeMap<>();
        int start = 0;
        for (int bucket = 1; bucket <= Buckets.COUNT; bucket++) {
            if (bucket == Buckets.COUNT || !this.shardByBucket[bucket].equals(this.shardByBucket[start])) {
                ranges.computeIfAbsent(this.shardByBucket[start], shard -> new ArrayList<>())
                    .add(new BucketRange(start, bucket - 1));
                start = bucket;
            }
        }
        return ranges;
    }

    /** How many buckets each shard owns. */
    public Map<String, Integer> bucketCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        ranges().forEach((shard, list) -> counts.put(shard, list.stream().mapToInt(BucketRange::size).sum()));
        return counts;
    }
}
