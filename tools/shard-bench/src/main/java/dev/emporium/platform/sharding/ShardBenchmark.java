package dev.emporium.platform.sharding;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.emporium.testsupport.postgres.PostgresServer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code ./emporium bench data}: the figures of the data tier (issue 3), on PostgreSQL servers this program starts on
 * loopback and destroys again. Prints them; figures, not pass/fail. In this package to drive a bucket move
 * in-process ({@link ShardMoves} with the local participant only).
 *
 * <ol>
 * <li>routing overhead: one primary-key read and one single-row update through {@link ShardedDatabase} against the
 * same statement in a plain transaction on the same pool;
 * <li>throughput of single-user reads and writes with 1, 2 and 4 shards, each shard its own server;
 * <li>read throughput with 0, 1 and 2 streaming replicas behind a pgjdbc multi-host URL;
 * <li>the write freeze of each bucket of a move while writers write to those buckets.
 * </ol>
 */
public final class ShardBenchmark {

    private static final int USERS = 5_000;

    private static final int CLIENTS = 32;

    private static final Duration WARM_UP = Duration.ofSeconds(2);

    private static final Duration RUN = Duration.ofSeconds(6);

    private static final String READ = "select balance from accounts where user_id = :user";

    private static final String WRITE = "update accounts set balance = balance + 1, updated = updated + 1 where user_id = :user";

    private ShardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "Emporium data-tier benchmark (%d cores, JDK %s, PostgreSQL servers on loopback)%n%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        List<String> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(UUID.nameUUIDFromBytes(("bench-user-" + i).getBytes()).toString());
        }
        routingOverhead(users);
        throughputByShards(users);
        readsByReplicas(users);
        freezePerBucket(users);
    }

    /** 1: the router's cost per query, single client, against the same query without it. */
    private static void routingOverhead(List<String> users) {
        try (Cluster cluster = Cluster.of(1); ShardingSetup setup = cluster.open(List.of())) {
            insertUsers(setup.database(), users);
            ShardDatabase shard = setup.database().shards().iterator().next();
            TransactionTemplate plainRead = new TransactionTemplate(new DataSourceTransactionManager(shard.primary()));
            plainRead.setReadOnly(true);
            plainRead.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
            TransactionTemplate plainWrite = new TransactionTemplate(new DataSourceTransactionManager(shard.primary()));
            JdbcClient jdbc = shard.jdbc();
            int iterations = 20_000;
            Function<String, Object> routedRead = user -> setup.database().read(user, j -> j.sql(READ).param("user", user).query(Long.class).single());
            Function<String, Object> directRead = user -> plainRead.execute(s -> jdbc.sql(READ).param("user", user).query(Long.class).single());
            Function<String, Object> routedWrite = user -> setup.database().write(user, j -> j.sql(WRITE).param("user", user).update());
            Function<String, Object> directWrite = user -> plainWrite.execute(s -> jdbc.sql(WRITE).param("user", user).update());
            for (Function<String, Object> op : List.of(routedRead, directRead, routedWrite, directWrite)) {
                time(op, users, iterations / 2);
            }
            long[] rr = time(routedRead, users, iterations);
            long[] dr = time(directRead, users, iterations);
            long[] rw = time(routedWrite, users, iterations);
            long[] dw = time(directWrite, users, iterations);
            System.out.println("1. Routing overhead per query (one client, one shard, " + iterations + " queries each, after warm-up)");
            System.out.println("   query                   routed: mean   p50    p99  |  plain: mean   p50    p99  |  overhead (mean)");
            row("read by primary key", rr, dr);
            row("update one row", rw, dw);
            System.out.println("   (routed = bucket, map lookup and the fence row read in the same transaction; a write locks it shared)");
            System.out.println();
        }
    }

    /** 2: single-user reads and writes with 1, 2 and 4 shards, each its own server. */
    private static void throughputByShards(List<String> users) throws Exception {
        System.out.println("2. Single-user throughput by shard count (" + CLIENTS + " clients, " + USERS + " users, "
                + RUN.toSeconds() + " s each after " + WARM_UP.toSeconds() + " s warm-up)");
        System.out.println("   shards   reads/s   p50 ms  p99 ms  ratio |  writes/s  p50 ms  p99 ms  ratio");
        double baseReads = 0;
        double baseWrites = 0;
        for (int shards : new int[] { 1, 2, 4 }) {
            try (Cluster cluster = Cluster.of(shards); ShardingSetup setup = cluster.open(List.of())) {
                insertUsers(setup.database(), users);
                ShardedDatabase db = setup.database();
                Load reads = load(users, user -> db.read(user, j -> j.sql(READ).param("user", user).query(Long.class).single()));
                Load writes = load(users, user -> db.write(user, j -> j.sql(WRITE).param("user", user).update()));
                if (shards == 1) {
                    baseReads = reads.perSecond();
                    baseWrites = writes.perSecond();
                }
                System.out.printf(Locale.ROOT, "   %6d  %8.0f  %6.2f  %6.2f  %5.2f |  %8.0f  %6.2f  %6.2f  %5.2f%n", shards,
                        reads.perSecond(), reads.p50(), reads.p99(), reads.perSecond() / baseReads, writes.perSecond(),
                        writes.p50(), writes.p99(), writes.perSecond() / baseWrites);
            }
        }
        System.out.println("   (all servers share this machine's cores: the ratio shows the router's and the servers' cost on one");
        System.out.println("    machine, not what shards on separate machines give)");
        System.out.println();
    }

    /** 3: reads through a multi-host URL over 0, 1 or 2 streaming replicas (0: the primary). */
    private static void readsByReplicas(List<String> users) throws Exception {
        System.out.println("3. Read throughput by replica count (" + CLIENTS + " clients, primary-key reads, "
                + "targetServerType=preferSecondary&loadBalanceHosts=true)");
        System.out.println("   replicas  reads/s   p50 ms  p99 ms  ratio");
        double base = 0;
        try (PostgresServer primary = PostgresServer.primary("replicated")) {
            primary.createDatabase("bench");
            try (HikariDataSource writes = pool(primary.jdbcUrl("bench"), 4)) {
                JdbcClient jdbc = JdbcClient.create(writes);
                jdbc.sql("create table accounts (user_id varchar(40) primary key, balance bigint not null)").update();
                for (String user : users) {
                    jdbc.sql("insert into accounts values (:user, 0)").param("user", user).update();
                }
            }
            List<PostgresServer> replicas = new ArrayList<>();
            for (int count = 0; count <= 2; count++) {
                if (count > 0) {
                    PostgresServer replica = primary.replica("replica" + count);
                    replica.awaitCaughtUp(Duration.ofSeconds(30));
                    replicas.add(replica);
                }
                StringBuilder hosts = new StringBuilder();
                for (PostgresServer server : count == 0 ? List.of(primary) : replicas) {
                    hosts.append(hosts.isEmpty() ? "" : ",").append("127.0.0.1:").append(server.port());
                }
                String url = "jdbc:postgresql://" + hosts + "/bench?targetServerType=preferSecondary&loadBalanceHosts=true";
                try (HikariDataSource reads = pool(url, CLIENTS)) {
                    JdbcClient jdbc = JdbcClient.create(reads);
                    Load load = load(users, user -> jdbc.sql("select balance from accounts where user_id = :user")
                        .param("user", user).query(Long.class).single());
                    if (count == 0) {
                        base = load.perSecond();
                    }
                    System.out.printf(Locale.ROOT, "   %8d  %8.0f  %6.2f  %6.2f  %5.2f%n", count, load.perSecond(), load.p50(),
                            load.p99(), load.perSecond() / base);
                }
            }
        }
        System.out.println("   (replicas share this machine's cores with the primary and the clients)");
        System.out.println();
    }

    /** 4: a move of 64 buckets from s0 to s1 while writers update users in those buckets. */
    private static void freezePerBucket(List<String> users) throws Exception {
        try (Cluster cluster = Cluster.of(2); ShardingSetup setup = cluster.open(List.of("s0"))) {
            ShardedDatabase db = setup.database();
            insertUsers(db, users);
            BucketRange range = new BucketRange(0, 63);
            List<String> moving = users.stream().filter(user -> Buckets.of(user) <= range.last()).toList();
            BucketMigrator migrator = new BucketMigrator(db, List.of("accounts"));
            ShardMoves moves = new ShardMoves(setup.directory(), db,
                    List.of(new MoveParticipant.Local("bench", db, migrator)), Duration.ofMillis(500), Clock.systemUTC());
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong writes = new AtomicLong();
            AtomicLong failedWrites = new AtomicLong();
            List<long[]> latencies = new ArrayList<>();
            ShardMoves.Move move;
            try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 8; i++) {
                    long[] worst = new long[1];
                    latencies.add(worst);
                    writers.submit(() -> {
                        while (writing.get()) {
                            String user = moving.get(ThreadLocalRandom.current().nextInt(moving.size()));
                            long start = System.nanoTime();
                            try {
                                db.write(user, j -> j.sql(WRITE).param("user", user).update());
                            }
                            catch (RuntimeException ex) {
                                failedWrites.incrementAndGet();
                                continue;
                            }
                            worst[0] = Math.max(worst[0], System.nanoTime() - start);
                            writes.incrementAndGet();
                            Thread.sleep(2);
                        }
                        return null;
                    });
                }
                Thread.sleep(500);
                long started = System.nanoTime();
                move = moves.start(range, "s1");
                while (moves.find(move.id()).orElseThrow().state().equals("RUNNING")) {
                    Thread.sleep(100);
                }
                move = moves.find(move.id()).orElseThrow();
                writing.set(false);
                System.out.println("4. Write freeze of a bucket move (64 buckets, " + moving.size() + " users in them, 8 writers, in-process)");
                System.out.printf(Locale.ROOT, "   move %s in %.1f s; longest write freeze of a bucket %d ms; %d writes (%d failed), slowest %.0f ms%n",
                        move.state(), (System.nanoTime() - started) / 1e9, move.longestFreezeMs(), writes.get(), failedWrites.get(),
                        latencies.stream().mapToLong(l -> l[0]).max().orElse(0) / 1e6);
            }
        }
    }

    private static void insertUsers(ShardedDatabase db, List<String> users) {
        for (String user : users) {
            db.writeWithoutResult(user, j -> j.sql("insert into accounts (user_id, bucket, balance, updated) values (:user, :bucket, 0, 0)")
                .param("user", user).param("bucket", Buckets.of(user)).update());
        }
    }

    private static long[] time(Function<String, Object> op, List<String> users, int iterations) {
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            String user = users.get(ThreadLocalRandom.current().nextInt(users.size()));
            long start = System.nanoTime();
            op.apply(user);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static void row(String what, long[] routed, long[] plain) {
        double routedMean = Arrays.stream(routed).average().orElse(0) / 1000;
        double plainMean = Arrays.stream(plain).average().orElse(0) / 1000;
        System.out.printf(Locale.ROOT, "   %-20s %8.0f µs %5.0f %6.0f  | %8.0f µs %5.0f %6.0f  |  %+.0f µs (%+.0f%%)%n", what, routedMean,
                routed[routed.length / 2] / 1000.0, routed[(int) (routed.length * 0.99)] / 1000.0, plainMean,
                plain[plain.length / 2] / 1000.0, plain[(int) (plain.length * 0.99)] / 1000.0, routedMean - plainMean,
                100 * (routedMean - plainMean) / plainMean);
    }

    record Load(double perSecond, double p50, double p99) {
    }

    /** {@link #CLIENTS} virtual threads doing {@code op} for random users: warm-up, then a measured run. */
    private static Load load(List<String> users, Function<String, Object> op) throws InterruptedException {
        run(users, op, WARM_UP);
        return run(users, op, RUN);
    }

    private static Load run(List<String> users, Function<String, Object> op, Duration duration) throws InterruptedException {
        AtomicBoolean going = new AtomicBoolean(true);
        AtomicLong failures = new AtomicLong();
        List<long[]> perClient = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CLIENTS; c++) {
                long[] samples = new long[400_000];
                int[] count = new int[1];
                perClient.add(samples);
                counts.add(count);
                clients.submit(() -> {
                    while (going.get()) {
                        String user = users.get(ThreadLocalRandom.current().nextInt(users.size()));
                        long start = System.nanoTime();
                        try {
                            op.apply(user);
                        }
                        catch (RuntimeException ex) {
                            if (failures.getAndIncrement() == 0) {
                                System.err.println("A benchmark operation failed: " + ex);
                            }
                            continue;
                        }
                        if (count[0] < samples.length) {
                            samples[count[0]] = System.nanoTime() - start;
                        }
                        count[0]++;
                    }
                    return null;
                });
            }
            Thread.sleep(duration);
            going.set(false);
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " operations failed: the figures would be wrong");
        }
        long total = counts.stream().mapToLong(c -> c[0]).sum();
        long[] all = new long[(int) Math.min(total, Integer.MAX_VALUE - 8)];
        int at = 0;
        for (int c = 0; c < CLIENTS; c++) {
            int n = Math.min(counts.get(c)[0], perClient.get(c).length);
            System.arraycopy(perClient.get(c), 0, all, at, n);
            at += n;
        }
        long[] sampled = Arrays.copyOf(all, at);
        Arrays.sort(sampled);
        return new Load(total / (duration.toNanos() / 1e9), sampled[sampled.length / 2] / 1e6,
                sampled[(int) (sampled.length * 0.99)] / 1e6);
    }

    private static HikariDataSource pool(String url, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config);
    }

    /** Shard servers s0..s(n-1), the directory on s0's server. */
    private static final class Cluster implements AutoCloseable {

        private final Map<String, PostgresServer> servers = new LinkedHashMap<>();

        static Cluster of(int shards) {
            Cluster cluster = new Cluster();
            for (int i = 0; i < shards; i++) {
                PostgresServer server = PostgresServer.primary("s" + i);
                cluster.servers.put("s" + i, server);
                server.createDatabase("bench");
            }
            cluster.servers.get("s0").createDatabase("directory");
            return cluster;
        }

        ShardingSetup open(List<String> initialShards) {
            Map<String, ShardingProperties.Shard> shards = new LinkedHashMap<>();
            this.servers.forEach((id, server) -> shards.put(id,
                    new ShardingProperties.Shard(server.jdbcUrl("bench"), null, "postgres", "")));
            ShardingProperties properties = new ShardingProperties(
                    new ShardingProperties.Database(this.servers.get("s0").jdbcUrl("directory"), "postgres", ""), true, shards,
                    initialShards, List.of("accounts"), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(2),
                    Duration.ofMillis(500), CLIENTS + 4, new ShardingProperties.Coordinator(false, List.of()));
            return ShardingSetup.open(properties, "bench", new String[] { "classpath:db/migration/bench" }, null,
                    Clock.systemUTC());
        }

        @Override
        public void close() {
            this.servers.values().forEach(PostgresServer::close);
        }
    }
}
