/**
 * User data across shards (DESIGN §4): {@link dev.emporium.platform.sharding.Buckets} maps a user to one of 4,096
 * buckets, the directory database maps buckets to shards under a version, {@link
 * dev.emporium.platform.sharding.ShardedDatabase} runs a user's queries on that user's shard behind a per-bucket
 * fence, scatters admin queries over all shards, and bucket moves hand buckets from shard to shard online.
 */
@NullMarked
package dev.emporium.platform.sharding;

import org.jspecify.annotations.NullMarked;
