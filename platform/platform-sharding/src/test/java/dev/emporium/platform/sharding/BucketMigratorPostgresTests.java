package dev.emporium.platform.sharding;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static dev.emporium.platform.sharding.TestShards.addEntry;
import static dev.emporium.platform.sharding.TestShards.createAccount;
import static dev.emporium.platform.sharding.TestShards.rows;
import static dev.emporium.platform.sharding.TestShards.userIn;
import static dev.emporium.platform.sharding.TestShards.usersIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The steps of a bucket move on PostgreSQL: shared locks on the fence, and writes that commit during a copy. */
class BucketMigratorPostgresTests extends BucketMigratorTests {

    @Override
    TestShards.Engine engine() {
        return TestShards.Engine.POSTGRES;
    }

    /**
     * The bulk copy runs while writes go on. A write that adds a parent and its child (an order and its lines, a user
     * and a token) may commit after the copy read the parent table and before it reads the child table; the copy must
     * not then insert a child whose parent it never read. The table lock here only makes that moment certain.
     */
    @Test
    void theCopyIsNotBrokenByAParentAndChildWrittenBetweenItsReads() throws Exception {
        String existing = userIn(BUCKET);
        createAccount(this.database, existing);
        addEntry(this.database, existing, 1);
        String newcomer = usersIn(BUCKET, "late", 1).getFirst();

        Future<Long> copy;
        try (Connection writer = this.shards.connect("s0")) {
            writer.setAutoCommit(false);
            try (Statement statement = writer.createStatement()) {
                statement.execute("lock table entries in access exclusive mode");
            }
            copy = this.background.submit(() -> this.migrator.copy(BUCKET, "s0", "s1"));
            await().atMost(Duration.ofSeconds(10)).until(() -> this.s0.sql("""
                    select count(*) from pg_stat_activity
                    where datname = current_database() and wait_event_type = 'Lock' and query like 'select * from entries%'
                    """).query(Long.class).single() == 1);
            // What a routed write of a new user does: the fence, shared, then the account and its first entry.
            try (Statement statement = writer.createStatement()) {
                statement.execute("select state from shard_buckets where bucket = " + BUCKET + " for share");
            }
            try (PreparedStatement account = writer.prepareStatement(
                    "insert into accounts (user_id, bucket, name) values (?, ?, 'late')");
                    PreparedStatement entry = writer.prepareStatement("""
                            insert into entries (user_id, seq, bucket, note, written_at) values (?, 1, ?, 'first', now())
                            """)) {
                account.setString(1, newcomer);
                account.setInt(2, BUCKET);
                account.executeUpdate();
                entry.setString(1, newcomer);
                entry.setInt(2, BUCKET);
                entry.executeUpdate();
            }
            writer.commit();
        }

        assertThat(copy.get(10, TimeUnit.SECONDS)).isPositive();
        this.migrator.freeze(BUCKET, "s0");
        this.migrator.claim(BUCKET, "s0", "s1");
        assertSameRows();
        assertThat(rows(this.s1, "accounts", BUCKET)).hasSize(2);
    }
}
