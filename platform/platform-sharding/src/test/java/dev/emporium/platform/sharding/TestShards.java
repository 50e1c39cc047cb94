package dev.emporium.platform.sharding;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import dev.emporium.testsupport.postgres.TemporaryDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Sharded data for the library's tests, without a Spring context: a directory and one database per shard, on H2 in
 * memory or on the machine's PostgreSQL (a temporary database each), the schema of {@code db/migration/test} (a parent
 * table {@code accounts} and a child {@code entries}), and instances of a service opened on them. Closing it closes
 * the instances and drops the databases.
 */
final class TestShards implements AutoCloseable {

    enum Engine {
        H2, POSTGRES
    }

    /** The sharded tables, parents before children. */
    static final List<String> TABLES = List.of("accounts", "entries");

    private static final String[] MIGRATIONS = { "classpath:db/migration/test" };

    /** Small pools: a test opens several instances on PostgreSQL, which allows 100 connections in all. */
    private static final int POOL_SIZE = 6;

    private final Engine engine;

    private final String directoryUrl;

    private final Map<String, String> shardUrls;

    private final Map<String, TemporaryDatabase> temporaryDatabases;

    private final List<ShardingSetup> instances = new ArrayList<>();

    /**
     * The timings and first map of an instance.
     *
     * @param initialShards the shards the first map splits the buckets over (empty: all)
     */
    record Options(List<String> initialShards, Duration refreshInterval, Duration freezeWait, Duration scatterDeadline,
            Duration cleanupGrace) {

        static Options defaults() {
            return new Options(List.of(), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(2),
                    Duration.ofMillis(200));
        }

        Options initialShards(String... shards) {
            return new Options(List.of(shards), this.refreshInterval, this.freezeWait, this.scatterDeadline, this.cleanupGrace);
        }

        Options refreshInterval(Duration interval) {
            return new Options(this.initialShards, interval, this.freezeWait, this.scatterDeadline, this.cleanupGrace);
        }

        Options freezeWait(Duration wait) {
            return new Options(this.initialShards, this.refreshInterval, wait, this.scatterDeadline, this.cleanupGrace);
        }

        Options scatterDeadline(Duration deadline) {
            return new Options(this.initialShards, this.refreshInterval, this.freezeWait, deadline, this.cleanupGrace);
        }
    }

    private TestShards(Engine engine, String directoryUrl, Map<String, String> shardUrls,
            Map<String, TemporaryDatabase> temporaryDatabases) {
        this.engine = engine;
        this.directoryUrl = directoryUrl;
        this.shardUrls = shardUrls;
        this.temporaryDatabases = temporaryDatabases;
    }

    /** A directory and the shards {@code ids}, all empty. */
    static TestShards create(Engine engine, String... ids) {
        Map<String, String> shardUrls = new TreeMap<>();
        Map<String, TemporaryDatabase> databases = new LinkedHashMap<>();
        if (engine == Engine.H2) {
            String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            for (String id : ids) {
                shardUrls.put(id, h2Url("shard_" + id + "_" + run));
            }
            return new TestShards(engine, h2Url("directory_" + run), shardUrls, databases);
        }
        try {
            databases.put("directory", TemporaryDatabase.create("sharding_directory"));
            for (String id : ids) {
                TemporaryDatabase database = TemporaryDatabase.create("sharding_" + id);
                databases.put(id, database);
                shardUrls.put(id, database.jdbcUrl() + "?connectTimeout=2&socketTimeout=60");
            }
        }
        catch (RuntimeException ex) {
            databases.values().forEach(TemporaryDatabase::close);
            throw ex;
        }
        return new TestShards(engine, databases.get("directory").jdbcUrl() + "?connectTimeout=2&socketTimeout=60",
                shardUrls, databases);
    }

    Engine engine() {
        return this.engine;
    }

    /**
     * Opens an instance of the test service on these databases. The first instance opened must manage the directory
     * (it writes the first map, which the others wait for).
     */
    ShardingSetup open(boolean manageDirectory, Options options) {
        return open(manageDirectory, options, null);
    }

    /** As {@link #open(boolean, Options)}, with the instance's meters in {@code meters}. */
    ShardingSetup open(boolean manageDirectory, Options options, @Nullable MeterRegistry meters) {
        Map<String, ShardingProperties.Shard> shards = new TreeMap<>();
        this.shardUrls.forEach((id, url) -> shards.put(id, new ShardingProperties.Shard(url, null, username(), password())));
        ShardingProperties properties = new ShardingProperties(
                new ShardingProperties.Database(this.directoryUrl, username(), password()), manageDirectory, shards,
                options.initialShards(), TABLES, options.refreshInterval(), options.freezeWait(),
                options.scatterDeadline(), options.cleanupGrace(), POOL_SIZE,
                new ShardingProperties.Coordinator(false, List.of()));
        ShardingSetup setup = ShardingSetup.open(properties, "test", MIGRATIONS, meters, Clock.systemUTC());
        this.instances.add(setup);
        return setup;
    }

    /** A connection of the test's own to a shard's database, outside every pool (to hold locks, say). */
    Connection connect(String shard) throws SQLException {
        return DriverManager.getConnection(this.shardUrls.get(shard), username(), password());
    }

    /** A connection of the test's own to the directory database, outside every pool. */
    Connection connectDirectory() throws SQLException {
        return DriverManager.getConnection(this.directoryUrl, username(), password());
    }

    /** Takes a shard's database away: H2's is shut down, PostgreSQL's dropped. */
    void destroy(String shard) {
        if (this.engine == Engine.H2) {
            shutdownH2(this.shardUrls.get(shard));
        }
        else {
            this.temporaryDatabases.get(shard).close();
        }
    }

    @Override
    public void close() {
        this.instances.forEach(ShardingSetup::close);
        if (this.engine == Engine.H2) {
            shutdownH2(this.directoryUrl);
            this.shardUrls.values().forEach(TestShards::shutdownH2);
        }
        else {
            this.temporaryDatabases.values().forEach(TemporaryDatabase::close);
        }
    }

    private String username() {
        return this.engine == Engine.H2 ? "sa" : "postgres";
    }

    private String password() {
        String password = System.getenv("EMPORIUM_POSTGRES_PASSWORD");
        return this.engine == Engine.H2 || password == null ? "" : password;
    }

    private static String h2Url(String name) {
        return "jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    }

    private static void shutdownH2(String url) {
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            connection.createStatement().execute("shutdown");
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not shut down " + url, ex);
        }
    }

    // Data of the test schema

    /** The {@code n} users, in id order, whose ids are {@code <prefix>-<number>} and whose bucket is {@code bucket}. */
    static List<String> usersIn(int bucket, String prefix, int n) {
        List<String> users = new ArrayList<>();
        for (int number = 0; users.size() < n; number++) {
            String user = prefix + "-" + number;
            if (Buckets.of(user) == bucket) {
                users.add(user);
            }
        }
        return users;
    }

    static String userIn(int bucket) {
        return usersIn(bucket, "user", 1).getFirst();
    }

    static void createAccount(ShardedDatabase database, String user) {
        database.writeWithoutResult(user, jdbc -> insertAccount(jdbc, user));
    }

    static void insertAccount(JdbcClient jdbc, String user) {
        jdbc.sql("insert into accounts (user_id, bucket, name) values (:user, :bucket, :name)")
            .param("user", user)
            .param("bucket", Buckets.of(user))
            .param("name", "Account of " + user)
            .update();
    }

    static void insertEntry(JdbcClient jdbc, String user, long seq) {
        jdbc.sql("""
                insert into entries (user_id, seq, bucket, note, data, written_at)
                values (:user, :seq, :bucket, :note, :data, :at)
                """)
            .param("user", user)
            .param("seq", seq)
            .param("bucket", Buckets.of(user))
            .param("note", "entry " + seq)
            .param("data", new byte[] { (byte) seq, (byte) (seq >> 8), 0, -1 })
            .param("at", OffsetDateTime.of(2026, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC).plusSeconds(seq))
            .update();
    }

    static void addEntry(ShardedDatabase database, String user, long seq) {
        database.writeWithoutResult(user, jdbc -> insertEntry(jdbc, user, seq));
    }

    /**
     * A table's rows of a bucket on one shard's database, in key order, binary values as hex and timestamps as
     * instants (so that rows compare by value).
     */
    static List<Map<String, Object>> rows(JdbcClient jdbc, String table, int bucket) {
        String order = table.equals("entries") ? "user_id, seq" : "user_id";
        return jdbc.sql("select * from " + table + " where bucket = :bucket order by " + order)
            .param("bucket", bucket)
            .query()
            .listOfRows()
            .stream()
            .map(TestShards::comparable)
            .toList();
    }

    /** The sequence numbers of the entries of the buckets {@code first} to {@code last} on one shard's database. */
    static List<Long> entrySeqs(JdbcClient jdbc, int first, int last) {
        return jdbc.sql("select seq from entries where bucket between :first and :last")
            .param("first", first)
            .param("last", last)
            .query(Long.class)
            .list();
    }

    static long count(JdbcClient jdbc, String table, int first, int last) {
        return jdbc.sql("select count(*) from " + table + " where bucket between :first and :last")
            .param("first", first)
            .param("last", last)
            .query(Long.class)
            .single();
    }

    /** A bucket's fence row on one shard's database: OWNED, FROZEN or null (no row: not here). */
    static String fence(JdbcClient jdbc, int bucket) {
        return jdbc.sql("select state from shard_buckets where bucket = :bucket")
            .param("bucket", bucket)
            .query(String.class)
            .optional()
            .orElse(null);
    }

    /** Sets a bucket's fence row on one shard's database in one statement; null deletes it. */
    static void setFence(JdbcClient jdbc, int bucket, String state) {
        if (state == null) {
            jdbc.sql("delete from shard_buckets where bucket = :bucket").param("bucket", bucket).update();
        }
        else if (jdbc.sql("update shard_buckets set state = :state where bucket = :bucket")
            .param("bucket", bucket)
            .param("state", state)
            .update() == 0) {
            jdbc.sql("insert into shard_buckets (bucket, state) values (:bucket, :state)")
                .param("bucket", bucket)
                .param("state", state)
                .update();
        }
    }

    /** A shard's database of an instance, directly (no routing, no fence). */
    static JdbcClient shard(ShardingSetup setup, String id) {
        return setup.database().shard(id).orElseThrow().jdbc();
    }

    private static Map<String, Object> comparable(Map<String, Object> row) {
        Map<String, Object> values = new LinkedHashMap<>();
        row.forEach((column, value) -> values.put(column.toLowerCase(Locale.ROOT), switch (value) {
            case byte[] bytes -> HexFormat.of().formatHex(bytes);
            case Timestamp timestamp -> timestamp.toInstant();
            case OffsetDateTime timestamp -> timestamp.toInstant();
            case null -> "null";
            default -> value;
        }));
        return values;
    }
}
