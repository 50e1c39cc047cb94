package dev.emporium.platform.sharding;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.emporium.platform.sharding.TestShards.addEntry;
import static dev.emporium.platform.sharding.TestShards.createAccount;
import static dev.emporium.platform.sharding.TestShards.fence;
import static dev.emporium.platform.sharding.TestShards.insertAccount;
import static dev.emporium.platform.sharding.TestShards.insertEntry;
import static dev.emporium.platform.sharding.TestShards.setFence;
import static dev.emporium.platform.sharding.TestShards.userIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Routing by the map behind each shard's bucket fence, on two shards of H2 (and, in the subclass, of PostgreSQL): the
 * guarantees {@link ShardedDatabase} states, with the fence and the directory changed by hand as a move would.
 */
class ShardedDatabaseTests {

    /** A bucket of s0 (buckets 0-2047) and one of s1 (2048-4095) in the first map over two shards. */
    static final int ON_S0 = 77;

    static final int ON_S1 = 3000;

    static final Duration FREEZE_WAIT = Duration.ofSeconds(3);

    static final Duration SCATTER_DEADLINE = Duration.ofMillis(800);

    TestShards shards;

    ShardingSetup setup;

    ShardedDatabase database;

    JdbcClient s0;

    JdbcClient s1;

    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    TestShards.Engine engine() {
        return TestShards.Engine.H2;
    }

    @BeforeEach
    void open() {
        this.shards = TestShards.create(engine(), "s0", "s1");
        // A map that is only reloaded on demand: the tests decide when this instance's map is stale.
        this.setup = this.shards.open(true, TestShards.Options.defaults()
            .refreshInterval(Duration.ofHours(1))
            .freezeWait(FREEZE_WAIT)
            .scatterDeadline(SCATTER_DEADLINE));
        this.database = this.setup.database();
        this.s0 = TestShards.shard(this.setup, "s0");
        this.s1 = TestShards.shard(this.setup, "s1");
    }

    @AfterEach
    void close() {
        this.background.shutdownNow();
        this.shards.close();
    }

    @Test
    void aUsersRowsLandOnTheShardOfTheirBucketOnly() {
        List<String> users = new ArrayList<>(List.of(userIn(ON_S0), userIn(ON_S1)));
        for (int i = 0; i < 40; i++) {
            users.add("user-" + i);
        }
        for (String user : users) {
            createAccount(this.database, user);
            addEntry(this.database, user, 1);
        }

        int onS0 = 0;
        for (String user : users) {
            String owner = this.database.map().shardOf(Buckets.of(user));
            assertThat(this.database.shardOf(user)).isEqualTo(owner);
            JdbcClient home = owner.equals("s0") ? this.s0 : this.s1;
            JdbcClient other = owner.equals("s0") ? this.s1 : this.s0;
            assertThat(accounts(home, user)).as("%s on its shard %s", user, owner).isOne();
            assertThat(accounts(other, user)).as("%s elsewhere", user).isZero();
            assertThat(entries(home, user)).isOne();
            assertThat(entries(other, user)).isZero();
            String name = this.database.read(user, jdbc -> jdbc.sql("select name from accounts where user_id = :user")
                .param("user", user)
                .query(String.class)
                .single());
            assertThat(name).isEqualTo("Account of " + user);
            onS0 += owner.equals("s0") ? 1 : 0;
        }
        assertThat(onS0).as("users on s0").isBetween(1, users.size() - 1);
    }

    @Test
    void eachShardsQueriesAreTimedByKind() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ShardedDatabase timed = this.shards.open(false, TestShards.Options.defaults(), meters).database();
        String onS0 = userIn(ON_S0);
        String onS1 = userIn(ON_S1);
        createAccount(timed, onS0);
        createAccount(timed, onS1);
        timed.read(onS1, jdbc -> count(jdbc, "accounts", onS1));
        timed.scatter(jdbc -> jdbc.sql("select bucket from accounts").query(Integer.class).list(), bucket -> bucket);

        assertThat(meters.get("emporium.sharding.queries").tags("shard", "s0", "kind", "write").timer().count()).isOne();
        assertThat(meters.get("emporium.sharding.queries").tags("shard", "s1", "kind", "write").timer().count()).isOne();
        assertThat(meters.get("emporium.sharding.queries").tags("shard", "s1", "kind", "read").timer().count()).isOne();
        assertThat(meters.find("emporium.sharding.queries").tags("shard", "s0", "kind", "read").timer()).isNull();
        for (String shard : List.of("s0", "s1")) {
            assertThat(meters.get("emporium.sharding.queries").tags("shard", shard, "kind", "scatter").timer().count())
                .isOne();
        }
    }

    @Test
    void readsGoOnWhileTheBucketIsFrozen() {
        String user = userIn(ON_S0);
        createAccount(this.database, user);
        setFence(this.s0, ON_S0, "FROZEN");

        long accounts = this.database.read(user, jdbc -> count(jdbc, "accounts", user));
        assertThat(accounts).isOne();
    }

    @Test
    void aWriteToAFrozenBucketWaitsAndRunsOnceTheBucketThaws() throws Exception {
        String user = userIn(ON_S0);
        createAccount(this.database, user);
        setFence(this.s0, ON_S0, "FROZEN");
        AtomicInteger runs = new AtomicInteger();

        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> this.database.writeWithoutResult(user, jdbc -> {
            runs.incrementAndGet();
            insertEntry(jdbc, user, 1);
        }), this.background);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !write.isDone());
        setFence(this.s0, ON_S0, "OWNED");
        write.get(FREEZE_WAIT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(runs).hasValue(1);
        assertThat(entries(this.s0, user)).isOne();
        assertThat(entries(this.s1, user)).isZero();
    }

    @Test
    void aWriteToAFrozenBucketFollowsTheBucketWhenItMoves() throws Exception {
        String user = userIn(ON_S0);
        createAccount(this.database, user);
        setFence(this.s0, ON_S0, "FROZEN");
        AtomicInteger runs = new AtomicInteger();

        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> this.database.writeWithoutResult(user, jdbc -> {
            runs.incrementAndGet();
            insertEntry(jdbc, user, 1);
        }), this.background);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !write.isDone());
        moveByHand(user, ON_S0, "s0", "s1");
        write.get(FREEZE_WAIT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(runs).hasValue(1);
        assertThat(entries(this.s1, user)).isOne();
        assertThat(entries(this.s0, user)).isZero();
        assertThat(this.database.map().version()).isEqualTo(2);
    }

    @Test
    void aWriteToABucketFrozenLongerThanTheFreezeWaitIsAnsweredShardUnavailable() {
        Duration impatient = Duration.ofMillis(300);
        ShardedDatabase other = this.shards.open(false, TestShards.Options.defaults()
            .refreshInterval(Duration.ofHours(1))
            .freezeWait(impatient)).database();
        String user = userIn(ON_S0);
        createAccount(this.database, user);
        setFence(this.s0, ON_S0, "FROZEN");
        AtomicInteger runs = new AtomicInteger();

        long started = System.nanoTime();
        assertThatExceptionOfType(ShardUnavailable.class).isThrownBy(() -> other.writeWithoutResult(user, jdbc -> {
            runs.incrementAndGet();
            insertEntry(jdbc, user, 1);
        })).satisfies(unavailable -> {
            assertThat(unavailable.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(unavailable.getBody().getProperties()).containsEntry("shard", "s0");
            assertThat(unavailable.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        });
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertThat(waited).isBetween(impatient, impatient.plusSeconds(2));
        assertThat(runs).hasValue(0);
        assertThat(entries(this.s0, user)).isZero();
        assertThat(fence(this.s0, ON_S0)).isEqualTo("FROZEN");
    }

    /**
     * A write that waits for its bucket's fence longer than the database lets a lock wait or a statement last (H2
     * gives up a lock wait after 2 s; the PostgreSQL profile sets a statement timeout) changed nothing and may be
     * retried: it is answered like a write that waited too long for a frozen bucket, not with a database error.
     * The lock is held here as a move's freeze holds it while it waits behind a slow write in flight.
     */
    @Test
    void aWriteThatWaitsForTheFenceLongerThanTheDatabaseAllowsIsAnsweredShardUnavailable() throws Exception {
        String user = userIn(ON_S0);
        createAccount(this.database, user);
        ShardedDatabase instance = instanceWithDatabaseTimeout();

        try (Connection holder = this.shards.connect("s0")) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("select state from shard_buckets where bucket = " + ON_S0 + " for update");
            }
            assertThatExceptionOfType(ShardUnavailable.class).isThrownBy(() -> addEntry(instance, user, 1))
                .satisfies(unavailable -> assertThat(unavailable.getBody().getProperties()).containsEntry("shard", "s0"));
            holder.rollback();
        }
        assertThat(entries(this.s0, user)).isZero();
    }

    /** An instance whose shard connections give up waiting after a while: H2's do after 2 s, as they come. */
    ShardedDatabase instanceWithDatabaseTimeout() {
        return this.database;
    }

    @Test
    void aWriteRoutedByAStaleMapLandsOnTheNewOwnerExactlyOnce() {
        String user = userIn(ON_S0);
        createAccount(this.database, user);
        moveByHand(user, ON_S0, "s0", "s1");
        assertThat(this.database.map().version()).as("the instance's map is stale").isOne();
        AtomicInteger runs = new AtomicInteger();

        this.database.writeWithoutResult(user, jdbc -> {
            runs.incrementAndGet();
            insertEntry(jdbc, user, 1);
        });

        assertThat(runs).hasValue(1);
        assertThat(entries(this.s1, user)).isOne();
        assertThat(entries(this.s0, user)).isZero();
        assertThat(this.database.map().version()).isEqualTo(2);
        assertThat(this.database.shardOf(user)).isEqualTo("s1");
        long entries = this.database.read(user, jdbc -> count(jdbc, "entries", user));
        assertThat(entries).isOne();
    }

    @Test
    void aReadRoutedByAStaleMapFindsTheNewOwner() {
        String user = userIn(ON_S0);
        createAccount(this.database, user);
        moveByHand(user, ON_S0, "s0", "s1");
        // What only the new owner has: the read must not answer from the old one.
        this.s1.sql("update accounts set name = 'moved' where user_id = :user").param("user", user).update();

        String name = this.database.read(user, jdbc -> jdbc.sql("select name from accounts where user_id = :user")
            .param("user", user)
            .query(String.class)
            .single());
        assertThat(name).isEqualTo("moved");
    }

    @Test
    void aQueryAcrossShardsGathersEveryShardsRowsOnce() {
        List<String> users = List.of(userIn(ON_S0), userIn(ON_S0 + 1), userIn(ON_S1), userIn(ON_S1 + 1));
        users.forEach(user -> createAccount(this.database, user));
        // A copy of an s0 user's account on s1, as a move in progress (or one waiting for its clean-up) leaves it.
        insertAccount(this.s1, users.getFirst());

        Scatter<String> scatter = this.database.scatter(jdbc -> jdbc.sql("select user_id, bucket from accounts")
            .query((row, number) -> row.getString("user_id"))
            .list(), Buckets::of);

        assertThat(scatter.rows()).containsExactlyInAnyOrderElementsOf(users);
        assertThat(scatter.missingShards()).isEmpty();
        assertThat(scatter.complete()).isTrue();
    }

    @Test
    void aQueryAcrossShardsNamesAShardThatIsGoneAndReturnsTheOthersRows() {
        String onS0 = userIn(ON_S0);
        String onS1 = userIn(ON_S1);
        createAccount(this.database, onS0);
        createAccount(this.database, onS1);
        this.shards.destroy("s1");

        Scatter<String> scatter = this.database.scatter(jdbc -> jdbc.sql("select user_id from accounts")
            .query(String.class)
            .list(), Buckets::of);

        assertThat(scatter.rows()).containsExactly(onS0);
        assertThat(scatter.missingShards()).containsExactly("s1");
        assertThat(scatter.complete()).isFalse();
    }

    @Test
    void aQueryAcrossShardsDoesNotWaitForASlowShardPastItsDeadline() {
        String onS0 = userIn(ON_S0);
        createAccount(this.database, onS0);
        createAccount(this.database, userIn(ON_S1));
        CountDownLatch never = new CountDownLatch(1);

        long started = System.nanoTime();
        Scatter<String> scatter = this.database.scatter(jdbc -> {
            List<String> rows = jdbc.sql("select user_id from accounts").query(String.class).list();
            if (jdbc == this.s1) {
                try {
                    never.await();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("cancelled", ex);
                }
            }
            return rows;
        }, Buckets::of);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(scatter.rows()).containsExactly(onS0);
        assertThat(scatter.missingShards()).containsExactly("s1");
        assertThat(took).isBetween(SCATTER_DEADLINE, SCATTER_DEADLINE.plusMillis(700));
    }

    /**
     * What a move does to one bucket, by hand: the new owner gets the user's account and the bucket, the directory
     * flips the bucket, the old owner lets go of it.
     */
    void moveByHand(String user, int bucket, String from, String to) {
        JdbcClient source = TestShards.shard(this.setup, from);
        JdbcClient target = TestShards.shard(this.setup, to);
        insertAccount(target, user);
        setFence(target, bucket, "OWNED");
        this.setup.directory().flip(bucket, to);
        setFence(source, bucket, null);
    }

    static long accounts(JdbcClient jdbc, String user) {
        return count(jdbc, "accounts", user);
    }

    static long entries(JdbcClient jdbc, String user) {
        return count(jdbc, "entries", user);
    }

    static long count(JdbcClient jdbc, String table, String user) {
        return jdbc.sql("select count(*) from " + table + " where user_id = :user").param("user", user).query(Long.class).single();
    }
}
