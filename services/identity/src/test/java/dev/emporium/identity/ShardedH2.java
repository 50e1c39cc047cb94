package dev.emporium.identity;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.emporium.platform.sharding.ShardingProperties;
import dev.emporium.platform.sharding.ShardingSetup;

/**
 * Identity's sharded schema on in-memory H2, without Spring: a directory and two shards, migrated as in production.
 * Each call makes fresh databases.
 */
public final class ShardedH2 {

    private static final String OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";

    private ShardedH2() {
    }

    public static ShardingSetup open(Clock clock) {
        String name = "identity-" + UUID.randomUUID();
        ShardingProperties properties = ShardingProperties.of(
                new ShardingProperties.Database("jdbc:h2:mem:" + name + "-directory" + OPTIONS, "sa", ""), true,
                Map.of("s0", new ShardingProperties.Shard("jdbc:h2:mem:" + name + "-s0" + OPTIONS, null, "sa", ""),
                        "s1", new ShardingProperties.Shard("jdbc:h2:mem:" + name + "-s1" + OPTIONS, null, "sa", "")),
                List.of("users", "refresh_tokens", "addresses"));
        return ShardingSetup.open(properties, "identity", new String[] { "classpath:db/migration/identity" }, null, clock);
    }

    /** Rows of {@code table} over all shards (a test's tables are its own, so no move leaves copies behind). */
    public static long count(ShardingSetup setup, String table, String where) {
        return setup.database().scatter(jdbc -> jdbc.sql("select bucket from " + table + " where " + where)
            .query(Integer.class)
            .list(), bucket -> bucket).rows().size();
    }
}
