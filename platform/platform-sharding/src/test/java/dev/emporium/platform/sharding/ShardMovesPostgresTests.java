package dev.emporium.platform.sharding;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bucket moves end to end on PostgreSQL, one temporary database per shard and one for the directory: the freeze
 * waits on real shared row locks taken by the writes in flight.
 */
class ShardMovesPostgresTests extends ShardMovesTests {

    @Override
    TestShards.Engine engine() {
        return TestShards.Engine.POSTGRES;
    }

    @Test
    void aMoveOverlappingAMoveInProgressIsRefusedAsAConflict() throws Exception {
        ShardMoves.Move first;
        try (Connection writer = this.shards.connect("s0")) {
            // A write in flight on bucket 1000 holds its fence: the move's freeze of that bucket waits for it.
            writer.setAutoCommit(false);
            try (Statement statement = writer.createStatement()) {
                statement.execute("select state from shard_buckets where bucket = 1000 for share");
            }
            first = this.moves.start(new BucketRange(1000, 1003), "s1");
            await().atMost(Duration.ofSeconds(10)).until(() -> this.s0.sql("""
                    select count(*) from pg_stat_activity
                    where datname = current_database() and wait_event_type = 'Lock' and query like 'update shard_buckets%'
                    """).query(Long.class).single() == 1);

            assertRefused(() -> this.moves.start(new BucketRange(1003, 1010), "s1"), true, first.id());
            assertThat(this.directory.sql("select count(*) from shard_moves").query(Long.class).single()).isOne();
            assertThat(this.moves.find(first.id()).orElseThrow().state()).isEqualTo("RUNNING");
            writer.commit();
        }

        assertThat(await().atMost(Duration.ofSeconds(20))
            .until(() -> this.moves.find(first.id()).orElseThrow(), move -> !move.state().equals("RUNNING")))
            .satisfies(move -> {
                assertThat(move.state()).isEqualTo("DONE");
                assertThat(move.bucketsMoved()).isEqualTo(4);
            });
    }

    /**
     * Two instances of the coordinator (identity scaled out) asked at the same moment to move the same buckets: one
     * move runs, the other is refused. Two moves of one bucket at once each copy, freeze and claim it, and the loser's
     * undo takes the bucket from the target after the winner flipped the map to it: the bucket is then on no shard.
     * A table lock on {@code shard_moves} lets both requests check for running moves before either records its own,
     * which is otherwise a matter of timing.
     */
    @Test
    void ofTwoCoordinatorsAskedToMoveTheSameBucketsAtOnceOnlyOneMovesThem() throws Exception {
        ShardingSetup second = this.shards.open(false, TestShards.Options.defaults().initialShards("s0"));
        ShardMoves otherMoves = new ShardMoves(second.directory(), second.database(),
                List.of(new MoveParticipant.Local("test", second.database(),
                        new BucketMigrator(second.database(), TestShards.TABLES))),
                CLEANUP_GRACE, Clock.systemUTC());
        BucketRange range = new BucketRange(2000, 2001);
        List<Object> outcomes = new ArrayList<>();
        try (ExecutorService both = Executors.newVirtualThreadPerTaskExecutor();
                Connection recording = this.shards.connectDirectory()) {
            recording.setAutoCommit(false);
            try (Statement statement = recording.createStatement()) {
                statement.execute("lock table shard_moves in share mode");
            }
            List<Future<Object>> asked = new ArrayList<>();
            for (ShardMoves coordinator : List.of(this.moves, otherMoves)) {
                asked.add(both.submit(() -> {
                    try {
                        return coordinator.start(range, "s1");
                    }
                    catch (ShardMoves.Refused refused) {
                        return refused;
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> this.directory.sql("""
                    select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'
                    """).query(Long.class).single() == 2);
            recording.commit();
            for (Future<Object> outcome : asked) {
                outcomes.add(outcome.get(10, TimeUnit.SECONDS));
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> this.directory.sql(
                "select count(*) from shard_moves where state = 'RUNNING'").query(Long.class).single() == 0);

        ShardMap map = this.coordinator.directory().map().orElseThrow();
        for (int bucket = range.first(); bucket <= range.last(); bucket++) {
            assertThat(Arrays.asList(TestShards.fence(this.s0, bucket), TestShards.fence(this.s1, bucket)))
                .as("the fences of bucket %d on s0 and s1; the map gives it to %s", bucket, map.shardOf(bucket))
                .isEqualTo(map.shardOf(bucket).equals("s0") ? Arrays.asList("OWNED", null) : Arrays.asList(null, "OWNED"));
        }
        assertThat(outcomes).satisfiesExactlyInAnyOrder(outcome -> assertThat(outcome).isInstanceOf(ShardMoves.Move.class),
                outcome -> assertThat(outcome).isInstanceOfSatisfying(ShardMoves.Refused.class,
                        refused -> assertThat(refused.conflict()).isTrue()));
    }

    /**
     * A coordinator that takes over stopped moves must not take over one that is alive but slow in a step (a freeze
     * behind a long write, the copy of a large bucket): two runners of one move would each copy, freeze and claim the
     * same bucket, and the one that fails undoes the other's claim. Here the move's freeze waits for a write in flight
     * longer than the (shortened) time after which a move counts as stopped; this very instance then looks for
     * stopped moves, as its scheduled task does.
     */
    @Test
    void aMoveThatIsAliveButSlowIsNotTakenOver() throws Exception {
        Duration staleAfter = Duration.ofMillis(500);
        ShardMoves.Move move;
        try (Connection writer = this.shards.connect("s0")) {
            writer.setAutoCommit(false);
            try (Statement statement = writer.createStatement()) {
                statement.execute("select state from shard_buckets where bucket = 1000 for share");
            }
            move = this.moves.start(new BucketRange(1000, 1001), "s1");
            await().atMost(Duration.ofSeconds(10)).until(() -> waitingForFence() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> this.directory.sql(
                    "select count(*) from shard_moves where id = :id and updated_at < :before")
                .param("id", move.id())
                .param("before", OffsetDateTime.now().minus(staleAfter.multipliedBy(2)))
                .query(Long.class)
                .single() == 1);

            this.moves.resumeStale(staleAfter);

            // A second runner of the move would now undo bucket 1000 on s0 and wait for the fence as well.
            await("no second runner of the move waiting for the fence of bucket 1000").during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(2))
                .until(() -> waitingForFence() == 1);
            writer.commit();
        }
        assertThat(await().atMost(Duration.ofSeconds(20))
            .until(() -> this.moves.find(move.id()).orElseThrow(), found -> !found.state().equals("RUNNING")))
            .satisfies(found -> assertThat(found.state()).isEqualTo("DONE"));
        ShardMap map = this.coordinator.directory().map().orElseThrow();
        assertThat(map.shardOf(1000)).isEqualTo("s1");
        assertThat(map.shardOf(1001)).isEqualTo("s1");
        assertThat(Arrays.asList(TestShards.fence(this.s0, 1000), TestShards.fence(this.s1, 1000))).containsExactly(null, "OWNED");
        assertThat(Arrays.asList(TestShards.fence(this.s0, 1001), TestShards.fence(this.s1, 1001))).containsExactly(null, "OWNED");
    }

    private long waitingForFence() {
        return this.s0.sql("""
                select count(*) from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock' and query like 'update shard_buckets%'
                """).query(Long.class).single();
    }
}
