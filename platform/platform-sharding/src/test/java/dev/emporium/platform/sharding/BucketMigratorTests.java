package dev.emporium.platform.sharding;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.emporium.platform.sharding.TestShards.addEntry;
import static dev.emporium.platform.sharding.TestShards.count;
import static dev.emporium.platform.sharding.TestShards.createAccount;
import static dev.emporium.platform.sharding.TestShards.fence;
import static dev.emporium.platform.sharding.TestShards.insertAccount;
import static dev.emporium.platform.sharding.TestShards.insertEntry;
import static dev.emporium.platform.sharding.TestShards.rows;
import static dev.emporium.platform.sharding.TestShards.userIn;
import static dev.emporium.platform.sharding.TestShards.usersIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * One service's steps of a bucket move between two shards of H2 (and, in the subclass, of PostgreSQL), driven by hand:
 * what each step leaves on the source and the target, and that each can be repeated.
 */
class BucketMigratorTests {

    /** The bucket that moves, s0's in the first map over two shards (s0 has 0-2047), and a neighbour that stays. */
    static final int BUCKET = 77;

    static final int NEIGHBOUR = 78;

    TestShards shards;

    ShardingSetup setup;

    ShardedDatabase database;

    BucketMigrator migrator;

    JdbcClient s0;

    JdbcClient s1;

    final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    TestShards.Engine engine() {
        return TestShards.Engine.H2;
    }

    @BeforeEach
    void open() {
        this.shards = TestShards.create(engine(), "s0", "s1");
        this.setup = this.shards.open(true, TestShards.Options.defaults().refreshInterval(Duration.ofHours(1)));
        this.database = this.setup.database();
        this.migrator = new BucketMigrator(this.database, TestShards.TABLES);
        this.s0 = TestShards.shard(this.setup, "s0");
        this.s1 = TestShards.shard(this.setup, "s1");
    }

    @AfterEach
    void close() {
        this.background.shutdownNow();
        this.shards.close();
    }

    @Test
    void copyThenClaimMakesTheTargetsRowsOfTheBucketTheSources() {
        List<String> users = usersIn(BUCKET, "m", 4);
        String a = users.get(0);
        String c = users.get(1);
        String d = users.get(2);
        String e = users.get(3);
        for (String user : List.of(a, c, d)) {
            createAccount(this.database, user);
            for (long seq = 1; seq <= 3; seq++) {
                addEntry(this.database, user, seq);
            }
        }
        String neighbour = userIn(NEIGHBOUR);
        createAccount(this.database, neighbour);
        addEntry(this.database, neighbour, 1);

        assertThat(this.migrator.copy(BUCKET, "s0", "s1")).as("rows copied").isEqualTo(12);
        assertSameRows();
        assertThat(count(this.s1, "accounts", NEIGHBOUR, NEIGHBOUR)).isZero();
        assertThat(fence(this.s1, BUCKET)).as("the copy does not make the target an owner").isNull();
        assertThat(fence(this.s0, BUCKET)).isEqualTo("OWNED");
        assertThat(this.migrator.copy(BUCKET, "s0", "s1")).as("a copy writes only what differs").isZero();

        // Writes between the copy and the freeze: an insert, updates of a parent and a child (binary data included),
        // a deleted child, a user deleted altogether (children first) and a new user (parent first).
        addEntry(this.database, a, 4);
        this.database.writeWithoutResult(a, jdbc -> jdbc.sql("update accounts set name = 'renamed' where user_id = :user")
            .param("user", a)
            .update());
        this.database.writeWithoutResult(c, jdbc -> jdbc.sql("""
                update entries set note = 'changed', data = :data where user_id = :user and seq = 2
                """).param("user", c).param("data", new byte[] { 9, 9, 9 }).update());
        this.database.writeWithoutResult(c, jdbc -> jdbc.sql("delete from entries where user_id = :user and seq = 3")
            .param("user", c)
            .update());
        this.database.writeWithoutResult(d, jdbc -> {
            jdbc.sql("delete from entries where user_id = :user").param("user", d).update();
            jdbc.sql("delete from accounts where user_id = :user").param("user", d).update();
        });
        this.database.writeWithoutResult(e, jdbc -> {
            insertAccount(jdbc, e);
            insertEntry(jdbc, e, 1);
        });

        this.migrator.freeze(BUCKET, "s0");
        assertThat(fence(this.s0, BUCKET)).isEqualTo("FROZEN");
        // 1 insert + 2 updates + 1 delete (a, c), 3 entries and an account (d), an account and an entry (e).
        assertThat(this.migrator.claim(BUCKET, "s0", "s1")).as("rows written by the claim").isEqualTo(10);

        assertSameRows();
        assertThat(rows(this.s1, "accounts", BUCKET)).extracting(row -> row.get("user_id")).containsExactly(
                List.of(a, c, e).stream().sorted().toArray());
        assertThat(fence(this.s1, BUCKET)).isEqualTo("OWNED");
        assertThat(fence(this.s0, BUCKET)).isEqualTo("FROZEN");

        assertThat(this.migrator.claim(BUCKET, "s0", "s1")).as("a second claim").isZero();
        assertThat(this.migrator.copy(BUCKET, "s0", "s1")).as("a copy to the owner").isZero();
        this.migrator.freeze(BUCKET, "s0");
        assertSameRows();
        assertThat(fence(this.s1, BUCKET)).isEqualTo("OWNED");
        assertThat(fence(this.s0, BUCKET)).isEqualTo("FROZEN");
    }

    @Test
    void theFreezeWaitsForAWriteInFlightAndTheClaimCarriesIt() throws Exception {
        String user = userIn(BUCKET);
        createAccount(this.database, user);
        this.migrator.copy(BUCKET, "s0", "s1");
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);

        Future<?> write = this.background.submit(() -> this.database.writeWithoutResult(user, jdbc -> {
            insertEntry(jdbc, user, 1);
            writing.countDown();
            try {
                finish.await();
            }
            catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        }));
        assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
        Future<?> freeze = this.background.submit(() -> this.migrator.freeze(BUCKET, "s0"));
        // H2 gives up a lock wait after 2 s: the write holds the fence for less than that.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> !freeze.isDone());
        finish.countDown();
        write.get(5, TimeUnit.SECONDS);
        freeze.get(5, TimeUnit.SECONDS);

        assertThat(fence(this.s0, BUCKET)).isEqualTo("FROZEN");
        assertThat(this.migrator.claim(BUCKET, "s0", "s1")).isOne();
        assertThat(rows(this.s1, "entries", BUCKET)).hasSize(1);
        assertSameRows();
    }

    @Test
    void cleanupRefusesWhileTheSourceHoldsTheBucketAndDeletesItsRowsAfterRelease() {
        String user = userIn(BUCKET);
        createAccount(this.database, user);
        addEntry(this.database, user, 1);
        addEntry(this.database, user, 2);
        String neighbour = userIn(NEIGHBOUR);
        createAccount(this.database, neighbour);
        addEntry(this.database, neighbour, 1);

        assertThatIllegalStateException().isThrownBy(() -> this.migrator.cleanup(BUCKET, "s0"));
        this.migrator.copy(BUCKET, "s0", "s1");
        this.migrator.freeze(BUCKET, "s0");
        assertThatIllegalStateException().isThrownBy(() -> this.migrator.cleanup(BUCKET, "s0"));
        this.migrator.claim(BUCKET, "s0", "s1");
        assertThatIllegalStateException().isThrownBy(() -> this.migrator.cleanup(BUCKET, "s0"));
        assertThatIllegalStateException().isThrownBy(() -> this.migrator.cleanup(BUCKET, "s1"));
        assertThat(count(this.s0, "entries", BUCKET, BUCKET)).isEqualTo(2);
        this.setup.directory().flip(BUCKET, "s1");
        this.migrator.release(BUCKET, "s0");
        assertThat(fence(this.s0, BUCKET)).isNull();

        assertThat(this.migrator.cleanup(BUCKET, "s0")).as("rows deleted").isEqualTo(3);

        assertThat(count(this.s0, "accounts", BUCKET, BUCKET)).isZero();
        assertThat(count(this.s0, "entries", BUCKET, BUCKET)).isZero();
        assertThat(count(this.s0, "accounts", NEIGHBOUR, NEIGHBOUR)).isOne();
        assertThat(count(this.s0, "entries", NEIGHBOUR, NEIGHBOUR)).isOne();
        assertThat(count(this.s1, "accounts", BUCKET, BUCKET)).isOne();
        assertThat(count(this.s1, "entries", BUCKET, BUCKET)).isEqualTo(2);
        assertThat(this.migrator.cleanup(BUCKET, "s0")).as("a second clean-up").isZero();
        this.migrator.release(BUCKET, "s0");
        assertThat(fence(this.s1, BUCKET)).isEqualTo("OWNED");
    }

    @Test
    void abortGivesTheBucketBackToTheSource() {
        String user = userIn(BUCKET);
        createAccount(this.database, user);
        this.migrator.copy(BUCKET, "s0", "s1");
        this.migrator.freeze(BUCKET, "s0");
        this.migrator.claim(BUCKET, "s0", "s1");

        this.migrator.abort(BUCKET, "s0", "s1");

        assertThat(fence(this.s0, BUCKET)).isEqualTo("OWNED");
        assertThat(fence(this.s1, BUCKET)).isNull();
        addEntry(this.database, user, 1);
        assertThat(count(this.s0, "entries", BUCKET, BUCKET)).isOne();
        this.migrator.abort(BUCKET, "s0", "s1");
        assertThat(fence(this.s0, BUCKET)).isEqualTo("OWNED");
    }

    @Test
    void aShardFreezesOnlyABucketItHolds() {
        assertThatIllegalStateException().isThrownBy(() -> this.migrator.freeze(3000, "s0"));
        assertThat(fence(this.s0, 3000)).isNull();
        assertThat(fence(this.s1, 3000)).isEqualTo("OWNED");
    }

    @Test
    void stepsNameShardsThatExist() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.migrator.copy(BUCKET, "s0", "s9"));
        assertThatIllegalArgumentException().isThrownBy(() -> this.migrator.freeze(BUCKET, "s9"));
    }

    /** The target's rows of the bucket are the source's, table by table, value by value. */
    void assertSameRows() {
        for (String table : TestShards.TABLES) {
            assertThat(rows(this.s1, table, BUCKET)).as(table).isEqualTo(rows(this.s0, table, BUCKET));
        }
    }
}
