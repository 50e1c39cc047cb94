package dev.emporium.platform.sharding;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static dev.emporium.platform.sharding.TestShards.addEntry;
import static dev.emporium.platform.sharding.TestShards.createAccount;
import static dev.emporium.platform.sharding.TestShards.userIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The routing tests on PostgreSQL, one temporary database per shard and one for the directory: real shared row locks
 * on the fence, a database that can be dropped from under the pools, and a query that is slow in the database.
 */
class ShardedDatabasePostgresTests extends ShardedDatabaseTests {

    @Override
    TestShards.Engine engine() {
        return TestShards.Engine.POSTGRES;
    }

    /** A new instance on s0 with a statement timeout of 1 s, as the postgres profile sets one (of 15 s). */
    @Override
    ShardedDatabase instanceWithDatabaseTimeout() {
        String name = this.s0.sql("select current_database()").query(String.class).single();
        // DDL takes no bind parameters; the name is the database's own, made by TemporaryDatabase.
        this.s0.sql("alter database " + name + " set statement_timeout = '1s'").update();
        return this.shards.open(false, TestShards.Options.defaults().refreshInterval(Duration.ofHours(1))).database();
    }

    @Test
    void aShardThatIsGoneCostsOnlyItsOwnUsers() {
        String onS0 = userIn(ON_S0);
        String onS1 = userIn(ON_S1);
        createAccount(this.database, onS0);
        createAccount(this.database, onS1);
        this.shards.destroy("s1");

        assertThatExceptionOfType(ShardUnavailable.class).isThrownBy(() -> addEntry(this.database, onS1, 1))
            .satisfies(unavailable -> assertThat(unavailable.getBody().getProperties()).containsEntry("shard", "s1"));
        addEntry(this.database, onS0, 1);
        assertThat(entries(this.s0, onS0)).isOne();
    }

    /**
     * A shard whose database takes longer than the deadline (a lock wait, a slow disk): PostgreSQL's driver does not
     * notice that its thread was interrupted, so the answer must not wait for the query to end.
     */
    @Test
    void aQueryAcrossShardsDoesNotWaitPastItsDeadlineForAShardWhoseDatabaseIsSlow() {
        String onS0 = userIn(ON_S0);
        createAccount(this.database, onS0);
        createAccount(this.database, userIn(ON_S1));

        long started = System.nanoTime();
        Scatter<String> scatter = this.database.scatter(jdbc -> {
            if (jdbc == this.s1) {
                jdbc.sql("select pg_sleep(4)").query().listOfRows();
            }
            return jdbc.sql("select user_id from accounts").query(String.class).list();
        }, Buckets::of);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(scatter.rows()).containsExactly(onS0);
        assertThat(scatter.missingShards()).containsExactly("s1");
        assertThat(took).isBetween(SCATTER_DEADLINE, SCATTER_DEADLINE.plusMillis(700));
    }
}
