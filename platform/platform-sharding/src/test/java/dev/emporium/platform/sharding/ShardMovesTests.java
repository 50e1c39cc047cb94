package dev.emporium.platform.sharding;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.emporium.platform.sharding.TestShards.count;
import static dev.emporium.platform.sharding.TestShards.createAccount;
import static dev.emporium.platform.sharding.TestShards.entrySeqs;
import static dev.emporium.platform.sharding.TestShards.insertEntry;
import static dev.emporium.platform.sharding.TestShards.usersIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Bucket moves end to end in one process, on H2 (and, in the subclass, on PostgreSQL): the coordinator with this
 * service as its only participant, two instances of the service writing while buckets move from s0, which the first
 * map gives every bucket, to s1, which starts empty.
 */
class ShardMovesTests {

    static final BucketRange MOVING = new BucketRange(1000, 1031);

    static final Duration CLEANUP_GRACE = Duration.ofMillis(200);

    TestShards shards;

    ShardingSetup coordinator;

    ShardMoves moves;

    JdbcClient directory;

    JdbcClient s0;

    JdbcClient s1;

    TestShards.Engine engine() {
        return TestShards.Engine.H2;
    }

    @BeforeEach
    void open() {
        this.shards = TestShards.create(engine(), "s0", "s1");
        this.coordinator = this.shards.open(true, TestShards.Options.defaults().initialShards("s0"));
        ShardedDatabase database = this.coordinator.database();
        this.moves = new ShardMoves(this.coordinator.directory(), database,
                List.of(new MoveParticipant.Local("test", database, new BucketMigrator(database, TestShards.TABLES))),
                CLEANUP_GRACE, Clock.systemUTC());
        this.directory = this.coordinator.directory().jdbc();
        this.s0 = TestShards.shard(this.coordinator, "s0");
        this.s1 = TestShards.shard(this.coordinator, "s1");
    }

    @AfterEach
    void close() {
        // A move still running would use the pools as they close: wait for it (each test lets its moves end).
        await().atMost(Duration.ofSeconds(20)).until(() -> this.directory.sql("select count(*) from shard_moves where state = 'RUNNING'")
            .query(Long.class)
            .single() == 0);
        this.shards.close();
    }

    @Test
    void aMoveUnderWritesKeepsEveryAcknowledgedWriteOnTheTargetExactlyOnce() throws Exception {
        ShardingSetup other = this.shards.open(false, TestShards.Options.defaults().initialShards("s0"));
        List<String> moving = new ArrayList<>();
        for (int bucket = MOVING.first(); bucket <= MOVING.last(); bucket++) {
            moving.addAll(usersIn(bucket, "mover", 2));
        }
        List<String> staying = new ArrayList<>();
        for (int bucket = 500; bucket < 508; bucket++) {
            staying.addAll(usersIn(bucket, "stayer", 1));
        }
        List<String> users = new ArrayList<>(moving);
        users.addAll(staying);
        users.forEach(user -> createAccount(this.coordinator.database(), user));
        Writers writers = new Writers(List.of(this.coordinator.database(), other.database()), users, 8);

        writers.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> writers.acknowledged.get() >= 200);
        long beforeMove = writers.acknowledged.get();
        long started = System.nanoTime();
        ShardMoves.Move move = this.moves.start(MOVING, "s1");
        assertThat(move.state()).isEqualTo("RUNNING");
        ShardMoves.Move done = await().atMost(Duration.ofSeconds(40))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> this.moves.find(move.id()).orElseThrow(), found -> !found.state().equals("RUNNING"));
        long moveMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        long duringMove = writers.acknowledged.get() - beforeMove;
        long afterMove = writers.acknowledged.get();
        await().atMost(Duration.ofSeconds(20)).until(() -> writers.acknowledged.get() >= afterMove + 200);
        writers.stop();

        System.out.printf("%s: moved buckets %s (%d rows copied) in %d ms; longest write freeze %d ms; %d writes "
                + "acknowledged (%d while the move ran), slowest write %d ms, %d failed%n", engine(), done.buckets(),
                done.rowsCopied(), moveMillis, done.longestFreezeMs(), writers.acknowledged.get(), duringMove,
                writers.slowestMillis.get(), writers.failures.size());
        assertThat(writers.failures).as("writes that failed").isEmpty();
        assertThat(done.state()).isEqualTo("DONE");
        assertThat(done.error()).isNull();
        assertThat(done.bucketsTotal()).isEqualTo(32);
        assertThat(done.bucketsMoved()).isEqualTo(32);
        assertThat(done.rowsCopied()).isPositive();
        assertThat(done.finishedAt()).isNotNull();
        assertThat(done.longestFreezeMs()).isLessThan(TestShards.Options.defaults().freezeWait().toMillis());
        assertThat(duringMove).as("writes acknowledged while the move ran").isPositive();

        // Every acknowledged write once on the target, nothing of the moved buckets left on the source, and no row
        // whose write was not acknowledged (the lists are equal, duplicates included).
        assertThat(entrySeqs(this.s1, MOVING.first(), MOVING.last()))
            .containsExactlyInAnyOrderElementsOf(writers.expectedSeqs(moving));
        assertThat(count(this.s0, "entries", MOVING.first(), MOVING.last())).isZero();
        assertThat(count(this.s0, "accounts", MOVING.first(), MOVING.last())).isZero();
        assertThat(count(this.s1, "accounts", MOVING.first(), MOVING.last())).isEqualTo(moving.size());
        assertThat(entrySeqs(this.s0, 500, 507)).containsExactlyInAnyOrderElementsOf(writers.expectedSeqs(staying));
        assertThat(count(this.s1, "entries", 0, 4095)).isEqualTo(writers.expectedSeqs(moving).size());
        // The parents' updates moved too: each account counts its acknowledged writes.
        for (String user : users) {
            JdbcClient owner = moving.contains(user) ? this.s1 : this.s0;
            assertThat(owner.sql("select writes from accounts where user_id = :user").param("user", user).query(Integer.class).single())
                .as("writes of %s", user)
                .isEqualTo(writers.inserts.get(user).intValue());
        }

        assertThat(fences(this.s1)).hasSize(32).allSatisfy((bucket, state) -> {
            assertThat(bucket).isBetween(MOVING.first(), MOVING.last());
            assertThat(state).isEqualTo("OWNED");
        });
        Map<Integer, String> sourceFences = fences(this.s0);
        assertThat(sourceFences).hasSize(Buckets.COUNT - 32).doesNotContainKeys(MOVING.first(), MOVING.last());
        assertThat(sourceFences.values()).containsOnly("OWNED");
        ShardMap map = this.coordinator.directory().map().orElseThrow();
        assertThat(map.version()).isEqualTo(1 + 32);
        assertThat(map.ranges()).containsExactly(
                Map.entry("s0", List.of(new BucketRange(0, MOVING.first() - 1), new BucketRange(MOVING.last() + 1, 4095))),
                Map.entry("s1", List.of(MOVING)));
        assertThat(this.coordinator.database().map().version()).isEqualTo(map.version());
        await().atMost(Duration.ofSeconds(5)).until(() -> other.database().map().version() == map.version());
        for (String user : users) {
            long entries = other.database().read(user, jdbc -> ShardedDatabaseTests.entries(jdbc, user));
            assertThat(entries).as("entries of %s read through the other instance", user)
                .isEqualTo(writers.expected.get(user).size());
        }
    }

    @Test
    void aMoveToAShardThatDoesNotExistIsRefused() {
        assertRefused(() -> this.moves.start(new BucketRange(0, 9), "s9"), false, "There is no shard 's9'");
        assertNothingChanged(0);
    }

    @Test
    void aMoveOntoTheShardThatHoldsTheBucketsIsRefused() {
        assertRefused(() -> this.moves.start(new BucketRange(0, 9), "s0"), false, "already");
        assertRefused(() -> this.moves.start(new BucketRange(4095, 4095), "s0"), false, "already");
        assertNothingChanged(0);
    }

    @Test
    void aMoveOverlappingARunningMoveIsRefusedAsAConflict() {
        // A move of buckets 100-199 that another instance of the coordinator is running.
        OffsetDateTime now = OffsetDateTime.now();
        this.directory.sql("""
                insert into shard_moves (id, first_bucket, last_bucket, target_shard, state, next_bucket, buckets_moved,
                                         rows_copied, longest_freeze_ms, started_at, updated_at)
                values ('elsewhere', 100, 199, 's1', 'RUNNING', 100, 0, 0, 0, :now, :now)
                """).param("now", now).update();

        assertRefused(() -> this.moves.start(new BucketRange(150, 250), "s1"), true, "elsewhere");
        assertRefused(() -> this.moves.start(new BucketRange(50, 100), "s1"), true, "100-199");
        assertRefused(() -> this.moves.start(new BucketRange(199, 199), "s1"), true, "100-199");
        assertRefused(() -> this.moves.start(new BucketRange(0, 4095), "s1"), true, "100-199");
        assertNothingChanged(1);

        this.directory.sql("update shard_moves set state = 'DONE', finished_at = :now where id = 'elsewhere'")
            .param("now", now)
            .update();
        ShardMoves.Move adjacent = this.moves.start(new BucketRange(200, 201), "s1");
        assertThat(await().atMost(Duration.ofSeconds(20))
            .until(() -> this.moves.find(adjacent.id()).orElseThrow().state(), state -> !state.equals("RUNNING")))
            .isEqualTo("DONE");
        assertThat(this.moves.recent(10)).extracting(ShardMoves.Move::id).containsExactly(adjacent.id(), "elsewhere");
    }

    @Test
    void aMoveWhoseCoordinatorStoppedBeforeTheFlipIsUndoneAndFinishedByAnother() {
        String user = coordinatorStopsDuringTheMoveOf1000(false);

        this.moves.resumeStale(Duration.ofSeconds(10));

        assertTakenOverAndDone(user);
    }

    @Test
    void aMoveWhoseCoordinatorStoppedAfterTheFlipIsReleasedAndFinishedByAnother() {
        String user = coordinatorStopsDuringTheMoveOf1000(true);

        this.moves.resumeStale(Duration.ofSeconds(10));

        assertTakenOverAndDone(user);
    }

    @Test
    void aMoveThatRecordedProgressRecentlyIsNotTakenOver() {
        coordinatorStopsDuringTheMoveOf1000(false);
        this.directory.sql("update shard_moves set updated_at = :now where id = 'stopped'").param("now", OffsetDateTime.now()).update();

        this.moves.resumeStale(Duration.ofSeconds(10));

        assertThat(TestShards.fence(this.s0, 1000)).isEqualTo("FROZEN");
        assertThat(TestShards.fence(this.s1, 1000)).isEqualTo("OWNED");
        assertThat(this.moves.find("stopped").orElseThrow().state()).isEqualTo("RUNNING");
        // Let the move end, so that the test leaves nothing running.
        this.directory.sql("update shard_moves set updated_at = :then where id = 'stopped'")
            .param("then", OffsetDateTime.now().minusMinutes(1))
            .update();
        this.moves.resumeStale(Duration.ofSeconds(10));
    }

    @Test
    void aStepThatFailsOrWhoseAnswerIsLostIsRepeatedAndTheMoveFinishes() {
        BucketRange range = new BucketRange(1000, 1004);
        List<String> users = usersWithAnEntryIn(range);
        // Copy and freeze fail before they act; claim, release and clean-up act and then lose their answer.
        FlakyParticipant flaky = new FlakyParticipant(localParticipant(), Map.of("copy", 1000, "freeze", 1001,
                "claim", 1002, "release", 1003, "cleanup", 1004), 1);
        ShardMoves moves = new ShardMoves(this.coordinator.directory(), this.coordinator.database(), List.of(flaky),
                CLEANUP_GRACE, Clock.systemUTC());

        ShardMoves.Move done = awaitEnd(moves, moves.start(range, "s1"));

        assertThat(done.state()).as(String.valueOf(done.error())).isEqualTo("DONE");
        assertThat(done.bucketsMoved()).isEqualTo(5);
        assertThat(flaky.failures).containsOnlyKeys("copy", "freeze", "claim", "release", "cleanup")
            .allSatisfy((step, failures) -> assertThat(failures).as(step).hasValue(1));
        assertThat(entrySeqs(this.s1, range.first(), range.last())).containsExactly(1L, 1L, 1L, 1L, 1L);
        assertThat(count(this.s0, "entries", range.first(), range.last())).isZero();
        for (int bucket = range.first(); bucket <= range.last(); bucket++) {
            assertThat(TestShards.fence(this.s0, bucket)).as("s0's fence of %d", bucket).isNull();
            assertThat(TestShards.fence(this.s1, bucket)).as("s1's fence of %d", bucket).isEqualTo("OWNED");
        }
        this.coordinator.database().writeWithoutResult(users.get(2), jdbc -> insertEntry(jdbc, users.get(2), 2));
        assertThat(entrySeqs(this.s1, 1002, 1002)).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void aStepThatFailsEveryAttemptFailsTheMoveAndItsBucketThawsOnTheSource() {
        BucketRange range = new BucketRange(1000, 1002);
        List<String> users = usersWithAnEntryIn(range);
        FlakyParticipant flaky = new FlakyParticipant(localParticipant(), Map.of("claim", 1001), Integer.MAX_VALUE);
        ShardMoves moves = new ShardMoves(this.coordinator.directory(), this.coordinator.database(), List.of(flaky),
                CLEANUP_GRACE, Clock.systemUTC());

        ShardMoves.Move failed = awaitEnd(moves, moves.start(range, "s1"));

        assertThat(failed.state()).isEqualTo("FAILED");
        assertThat(failed.error()).contains("claim of bucket 1001");
        assertThat(failed.bucketsMoved()).isOne();
        assertThat(flaky.failures.get("claim")).hasValue(ShardMoves.STEP_ATTEMPTS);
        assertThat(this.coordinator.directory().map().orElseThrow().ranges().get("s1")).containsExactly(new BucketRange(1000, 1000));
        // The failed bucket stays where it was, thawed: the claim that went through is undone on the target.
        assertThat(TestShards.fence(this.s0, 1001)).isEqualTo("OWNED");
        assertThat(TestShards.fence(this.s1, 1001)).isNull();
        assertThat(TestShards.fence(this.s0, 1002)).isEqualTo("OWNED");
        this.coordinator.database().writeWithoutResult(users.get(1), jdbc -> insertEntry(jdbc, users.get(1), 2));
        assertThat(entrySeqs(this.s0, 1001, 1001)).containsExactlyInAnyOrder(1L, 2L);
    }

    MoveParticipant localParticipant() {
        ShardedDatabase database = this.coordinator.database();
        return new MoveParticipant.Local("test", database, new BucketMigrator(database, TestShards.TABLES));
    }

    /** One user per bucket of the range, each with one entry (sequence 1), in bucket order. */
    List<String> usersWithAnEntryIn(BucketRange range) {
        List<String> users = new ArrayList<>();
        for (int bucket = range.first(); bucket <= range.last(); bucket++) {
            String user = usersIn(bucket, "flaky", 1).getFirst();
            createAccount(this.coordinator.database(), user);
            this.coordinator.database().writeWithoutResult(user, jdbc -> insertEntry(jdbc, user, 1));
            users.add(user);
        }
        return users;
    }

    static ShardMoves.Move awaitEnd(ShardMoves moves, ShardMoves.Move started) {
        return await().atMost(Duration.ofSeconds(20))
            .until(() -> moves.find(started.id()).orElseThrow(), move -> !move.state().equals("RUNNING"));
    }

    /**
     * A participant whose given step fails for one bucket, {@code times} times: copy and freeze before they act, the
     * other steps after (the participant did the work, but its answer was lost, as when a call times out).
     */
    static final class FlakyParticipant implements MoveParticipant {

        private final MoveParticipant delegate;

        private final Map<String, Integer> failingBucket;

        private final int times;

        final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

        FlakyParticipant(MoveParticipant delegate, Map<String, Integer> failingBucket, int times) {
            this.delegate = delegate;
            this.failingBucket = failingBucket;
            this.times = times;
        }

        @Override
        public String name() {
            return this.delegate.name();
        }

        @Override
        public long copy(int bucket, String from, String to) {
            maybeFail("copy", bucket);
            return this.delegate.copy(bucket, from, to);
        }

        @Override
        public void freeze(int bucket, String from) {
            maybeFail("freeze", bucket);
            this.delegate.freeze(bucket, from);
        }

        @Override
        public long claim(int bucket, String from, String to) {
            long rows = this.delegate.claim(bucket, from, to);
            maybeFail("claim", bucket);
            return rows;
        }

        @Override
        public void release(int bucket, String from) {
            this.delegate.release(bucket, from);
            maybeFail("release", bucket);
        }

        @Override
        public void abort(int bucket, String from, String to) {
            this.delegate.abort(bucket, from, to);
        }

        @Override
        public long cleanup(int bucket, String from) {
            long rows = this.delegate.cleanup(bucket, from);
            maybeFail("cleanup", bucket);
            return rows;
        }

        @Override
        public ParticipantStatus status() {
            return this.delegate.status();
        }

        private void maybeFail(String step, int bucket) {
            if (!Integer.valueOf(bucket).equals(this.failingBucket.get(step))) {
                return;
            }
            AtomicLong failed = this.failures.computeIfAbsent(step, key -> new AtomicLong());
            if (failed.get() < this.times) {
                failed.incrementAndGet();
                throw new IllegalStateException("the " + step + " of bucket " + bucket + " got no answer");
            }
        }
    }

    /**
     * A move of buckets 1000-1001 to s1 as a coordinator leaves it when it stops after claiming bucket 1000 (and,
     * if {@code flipped}, flipping it) a minute ago: the bucket frozen on s0 and owned by s1. Returns a user of it.
     */
    String coordinatorStopsDuringTheMoveOf1000(boolean flipped) {
        String user = usersIn(1000, "stopped", 1).getFirst();
        createAccount(this.coordinator.database(), user);
        this.coordinator.database().writeWithoutResult(user, jdbc -> insertEntry(jdbc, user, 1));
        BucketMigrator migrator = new BucketMigrator(this.coordinator.database(), TestShards.TABLES);
        migrator.copy(1000, "s0", "s1");
        migrator.freeze(1000, "s0");
        migrator.claim(1000, "s0", "s1");
        if (flipped) {
            this.coordinator.directory().flip(1000, "s1");
        }
        OffsetDateTime then = OffsetDateTime.now().minusMinutes(1);
        this.directory.sql("""
                insert into shard_moves (id, first_bucket, last_bucket, target_shard, state, next_bucket, current_source,
                                         buckets_moved, rows_copied, longest_freeze_ms, started_at, updated_at)
                values ('stopped', 1000, 1001, 's1', 'RUNNING', 1000, 's0', 0, 2, 0, :then, :then)
                """).param("then", then).update();
        return user;
    }

    void assertTakenOverAndDone(String user) {
        ShardMoves.Move done = await().atMost(Duration.ofSeconds(20))
            .until(() -> this.moves.find("stopped").orElseThrow(), move -> !move.state().equals("RUNNING"));
        assertThat(done.state()).isEqualTo("DONE");
        assertThat(done.bucketsMoved()).isEqualTo(2);
        ShardMap map = this.coordinator.directory().map().orElseThrow();
        assertThat(map.ranges()).containsEntry("s1", List.of(new BucketRange(1000, 1001)));
        for (int bucket = 1000; bucket <= 1001; bucket++) {
            assertThat(TestShards.fence(this.s0, bucket)).as("s0's fence of %d", bucket).isNull();
            assertThat(TestShards.fence(this.s1, bucket)).as("s1's fence of %d", bucket).isEqualTo("OWNED");
        }
        assertThat(count(this.s0, "entries", 1000, 1000)).isZero();
        assertThat(entrySeqs(this.s1, 1000, 1000)).containsExactly(1L);
        this.coordinator.database().writeWithoutResult(user, jdbc -> insertEntry(jdbc, user, 2));
        assertThat(entrySeqs(this.s1, 1000, 1000)).containsExactlyInAnyOrder(1L, 2L);
    }

    void assertRefused(ThrowableAssert.ThrowingCallable start, boolean conflict, String message) {
        assertThatExceptionOfType(ShardMoves.Refused.class).isThrownBy(start)
            .satisfies(refused -> assertThat(refused.conflict()).as("conflict").isEqualTo(conflict))
            .withMessageContaining(message);
    }

    /** The map is the first, no move was recorded beyond {@code moves}, and s1 holds nothing. */
    void assertNothingChanged(int moves) {
        assertThat(this.directory.sql("select version from shard_map_version").query(Long.class).single()).isOne();
        assertThat(this.directory.sql("select count(*) from shard_map where shard_id <> 's0'").query(Long.class).single()).isZero();
        assertThat(this.directory.sql("select count(*) from shard_moves").query(Long.class).single()).isEqualTo(moves);
        assertThat(fences(this.s1)).isEmpty();
        assertThat(fences(this.s0)).hasSize(Buckets.COUNT);
    }

    static Map<Integer, String> fences(JdbcClient shard) {
        Map<Integer, String> fences = new TreeMap<>();
        shard.sql("select bucket, state from shard_buckets").query(row -> {
            fences.put(row.getInt("bucket"), row.getString("state"));
        });
        return fences;
    }

    /**
     * Writers on virtual threads, each with users of its own, through the instances in turn. Each write adds an entry
     * with a sequence number no other write has, counts it on the user's account, and every seventh also deletes the
     * user's oldest entry. A write counts as acknowledged only when {@code write} returned.
     */
    static final class Writers {

        private static final Duration THINK_TIME = Duration.ofMillis(2);

        private final List<ShardedDatabase> instances;

        private final List<String> users;

        private final int threads;

        private final AtomicBoolean stopping = new AtomicBoolean();

        private final List<Thread> running = new ArrayList<>();

        private final AtomicLong seqs = new AtomicLong();

        final AtomicLong acknowledged = new AtomicLong();

        final AtomicLong slowestMillis = new AtomicLong();

        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

        /** Each user's entries that must exist, oldest first; only the user's writer changes them. */
        final Map<String, Deque<Long>> expected = new ConcurrentHashMap<>();

        final Map<String, AtomicLong> inserts = new ConcurrentHashMap<>();

        Writers(List<ShardedDatabase> instances, List<String> users, int threads) {
            this.instances = instances;
            this.users = users;
            this.threads = threads;
            users.forEach(user -> {
                this.expected.put(user, new ArrayDeque<>());
                this.inserts.put(user, new AtomicLong());
            });
        }

        void start() {
            for (int thread = 0; thread < this.threads; thread++) {
                List<String> own = new ArrayList<>();
                for (int i = thread; i < this.users.size(); i += this.threads) {
                    own.add(this.users.get(i));
                }
                ShardedDatabase instance = this.instances.get(thread % this.instances.size());
                this.running.add(Thread.ofVirtual().name("writer-" + thread).start(() -> write(instance, own)));
            }
        }

        void stop() throws InterruptedException {
            this.stopping.set(true);
            for (Thread thread : this.running) {
                thread.join(Duration.ofSeconds(20));
                assertThat(thread.isAlive()).as("%s stopped", thread.getName()).isFalse();
            }
        }

        List<Long> expectedSeqs(List<String> users) {
            return users.stream().flatMap(user -> this.expected.get(user).stream()).toList();
        }

        private void write(ShardedDatabase instance, List<String> own) {
            int round = 0;
            while (!this.stopping.get()) {
                round++;
                for (String user : own) {
                    Deque<Long> entries = this.expected.get(user);
                    long seq = this.seqs.incrementAndGet();
                    Long oldest = round % 7 == 0 ? entries.peekFirst() : null;
                    long started = System.nanoTime();
                    try {
                        instance.writeWithoutResult(user, jdbc -> {
                            if (jdbc.sql("update accounts set writes = writes + 1 where user_id = :user")
                                .param("user", user)
                                .update() != 1) {
                                throw new IllegalStateException("no account " + user + " where the write ran");
                            }
                            insertEntry(jdbc, user, seq);
                            if (oldest != null && jdbc.sql("delete from entries where user_id = :user and seq = :seq")
                                .param("user", user)
                                .param("seq", oldest)
                                .update() != 1) {
                                throw new IllegalStateException("no entry " + oldest + " of " + user + " where the write ran");
                            }
                        });
                        entries.addLast(seq);
                        if (oldest != null) {
                            entries.removeFirst();
                        }
                        this.inserts.get(user).incrementAndGet();
                        this.acknowledged.incrementAndGet();
                    }
                    catch (RuntimeException ex) {
                        // The outcome of a failed write is unknown to its caller: recorded, and the test fails on it.
                        this.failures.add(user + " seq " + seq + ": " + ex);
                    }
                    this.slowestMillis.accumulateAndGet(Duration.ofNanos(System.nanoTime() - started).toMillis(), Math::max);
                    pace();
                }
            }
        }

        /**
         * A writer's think time between requests, as users have. Without it, eight virtual threads writing to H2 in
         * this JVM keep both cores busy without ever blocking, and virtual threads are not time-sliced: the move's own
         * thread, and writers holding a bucket's fence, would wait for a core for seconds.
         */
        private static void pace() {
            try {
                Thread.sleep(THINK_TIME);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }
}
