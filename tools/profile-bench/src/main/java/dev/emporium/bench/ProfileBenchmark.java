package dev.emporium.bench;

import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import dev.emporium.testsupport.ClosedLoop;
import dev.emporium.testsupport.Latencies;
import dev.emporium.testsupport.LoadOptions;
import dev.emporium.testsupport.Zipf;

/**
 * {@code ./emporium bench profiles}: customers reading their own profile ({@code GET /api/account} over HTTP, the
 * real path, with identity's tokens) on PostgreSQL shards and a Redis of its own, in one run:
 * <ol>
 * <li>throughput with every read a cache hit (100 customers, read after a warm-up), with every read a miss of both
 * levels (the levels' lifetimes set to 1 ms: each read asks Redis, loads from the shard and writes Redis), and with the
 * cache switched off ({@code emporium.identity.profile-cache.enabled=false}); ratios against no cache, two rounds;</li>
 * <li>the same three without HTTP, through identity's own read method, two threads;</li>
 * <li>the hit ratio under a Zipf-distributed mix (s = 1) of 10,000 customers with the default settings, on one
 * instance and on two instances taking turns (as behind a load balancer, where Redis serves what the other loaded).</li>
 * </ol>
 * Clients are virtual threads on the same two cores as the service. Arguments: {@code --duration=15s} per phase,
 * {@code --clients=16}; {@code demo} runs {@link ProfileCacheDemo} instead.
 */
public final class ProfileBenchmark {

    private static final int CUSTOMERS = 10_000;

    private static final int HOT = 100;

    /** One per core of the machines the figures come from. */
    private static final int IN_PROCESS_THREADS = 2;

    private final Duration duration;

    private final int clients;

    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();

    private List<Identity.Customer> customers = List.of();

    private ProfileBenchmark(Duration duration, int clients) {
        this.duration = duration;
        this.clients = clients;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("demo")) {
            ProfileCacheDemo.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        LoadOptions options = LoadOptions.parseOrExit(args, "./emporium bench profiles [demo]", Duration.ofSeconds(15), 16);
        new ProfileBenchmark(options.duration(), options.clients()).run();
        System.exit(0);
    }

    private void run() throws Exception {
        try (Identity identity = Identity.create("profile_bench")) {
            System.out.printf("Profile reads (GET /api/account) over HTTP, %d clients, %d s per phase, %,d customers, "
                    + "PostgreSQL shards s0, s1, Redis %s%n%n", this.clients, this.duration.toSeconds(), CUSTOMERS,
                    identity.redis.url());
            try (Identity.Instance warmUp = identity.start("warm-up", "bench-warm-up")) {
                this.customers = Identity.customers(warmUp, CUSTOMERS);
                // The JIT compiles the shared code (Tomcat, Spring, the JWT check, the driver) once for every
                // phase: warm it first, or the first phase measures the compiler.
                run(List.of(warmUp), () -> ClosedLoop.sequential(CUSTOMERS), Duration.ofSeconds(5));
            }
            try (Identity.Instance hit = identity.start("cache hit", "bench-hit");
                    Identity.Instance miss = identity.start("cache miss", "bench-miss",
                            "--emporium.identity.profile-cache.local-ttl=1ms",
                            "--emporium.identity.profile-cache.shared-ttl=1ms");
                    Identity.Instance none = identity.start("no cache", "bench-none",
                            "--emporium.identity.profile-cache.enabled=false")) {
                System.out.println("| round | profile reads | reads/s | vs no cache | p50 | p99 | database loads |");
                System.out.println("|---|---|---|---|---|---|---|");
                // Round 0 warms each configuration's paths and is not shown; two rounds follow, so what the machine
                // did meanwhile shows as the difference between them.
                for (int round = 0; round <= 2; round++) {
                    Result hits = measure(List.of(hit), () -> ClosedLoop.sequential(HOT), Duration.ofSeconds(3));
                    Result misses = measure(List.of(miss), () -> ClosedLoop.sequential(CUSTOMERS), Duration.ofSeconds(3));
                    Result uncached = measure(List.of(none), () -> ClosedLoop.sequential(CUSTOMERS), Duration.ofSeconds(3));
                    for (Result result : round == 0 ? List.<Result>of() : List.of(hits, misses, uncached)) {
                        System.out.printf("| %d | %s | %,.0f | %.2f× | %.2f ms | %.2f ms | %s |%n", round, result.name,
                                result.latencies.perSecond(), result.latencies.perSecond() / uncached.latencies.perSecond(),
                                result.latencies.percentileMillis(50), result.latencies.percentileMillis(99),
                                result == uncached ? "every read" : String.format("%,d", result.loads));
                    }
                }

                System.out.println();
                System.out.println("| in-process, " + IN_PROCESS_THREADS
                        + " threads | profile reads/s | vs no cache | mean | database loads |");
                System.out.println("|---|---|---|---|---|");
                InProcess hits = inProcess(hit, HOT);
                InProcess misses = inProcess(miss, CUSTOMERS);
                InProcess uncached = inProcess(none, CUSTOMERS);
                for (InProcess result : List.of(hits, misses, uncached)) {
                    System.out.printf("| %s | %,.0f | %.1f× | %.1f µs | %s |%n", result.name(), result.perSecond(),
                            result.perSecond() / uncached.perSecond(), 1e6 * IN_PROCESS_THREADS / result.perSecond(),
                            result == uncached ? "every read" : String.format("%,d", result.loads()));
                }
            }

            System.out.println();
            System.out.println("| Zipf (s = 1) over " + String.format("%,d", CUSTOMERS)
                    + " customers | reads | local hits | Redis hits (of local misses) | database loads | hit ratio |");
            System.out.println("|---|---|---|---|---|---|");
            try (Identity.Instance one = identity.start("zipf", "bench-zipf")) {
                zipf(List.of(one), "one instance (local 5 s / 10,000, Redis 10 min)");
            }
            try (Identity.Instance a = identity.start("zipf-a", "bench-zipf-two");
                    Identity.Instance b = identity.start("zipf-b", "bench-zipf-two")) {
                zipf(List.of(a, b), "two instances taking turns");
            }
        }
    }

    private void zipf(List<Identity.Instance> instances, String name) throws Exception {
        Zipf zipf = new Zipf(CUSTOMERS, 1.0);
        Result result = measure(instances, zipf::sampler, Duration.ofSeconds(3));
        long reads = result.latencies.count();
        long localHits = sum(instances, instance -> instance.gets("local", "hit")) - result.before.localHits;
        long localMisses = sum(instances, instance -> instance.gets("local", "miss")) - result.before.localMisses;
        long sharedHits = sum(instances, instance -> instance.gets("shared", "hit")) - result.before.sharedHits;
        System.out.printf("| %s | %,d | %.1f%% | %.1f%% | %,d | %.2f%% |%n", name, reads, 100.0 * localHits / reads,
                localMisses == 0 ? 0 : 100.0 * sharedHits / localMisses, result.loads,
                100.0 * (reads - result.loads) / reads);
    }

    private record InProcess(String name, double perSecond, long loads) {
    }

    /**
     * The read path without HTTP: identity's own {@code Profiles.find} (package-private, hence reflection), so what
     * the cache saves is not drowned by the web stack's cost on two shared cores.
     */
    private InProcess inProcess(Identity.Instance instance, int count) throws Exception {
        Object profiles = instance.context.getBean("profiles");
        Method find = profiles.getClass().getDeclaredMethod("find", String.class);
        find.setAccessible(true);
        List<String> ids = this.customers.stream().limit(count).map(Identity.Customer::id).toList();
        Callable<Long> reader = () -> {
            long reads = 0;
            int next = new SplittableRandom().nextInt(count);
            long end = System.nanoTime() + this.duration.toNanos();
            while (System.nanoTime() < end) {
                next = (next + 1) % count;
                if (((Optional<?>) find.invoke(profiles, ids.get(next))).isEmpty()) {
                    throw new IllegalStateException("no profile for customer " + next);
                }
                reads++;
            }
            return reads;
        };
        // Warm-up with the same readers, then the measured run.
        ClosedLoop.threads(IN_PROCESS_THREADS, reader);
        long loadsBefore = instance.loads();
        long start = System.nanoTime();
        long reads = ClosedLoop.threads(IN_PROCESS_THREADS, reader);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new InProcess(instance.name, reads / seconds, instance.loads() - loadsBefore);
    }

    private record Counts(long localHits, long localMisses, long sharedHits) {
    }

    private record Result(String name, Latencies latencies, long loads, Counts before) {
    }

    /** Warms up, then reads for the phase's duration; each client draws customer numbers from its own workload. */
    private Result measure(List<Identity.Instance> instances, Supplier<IntSupplier> workload, Duration warmUp)
            throws Exception {
        run(instances, workload, warmUp);
        long loadsBefore = sum(instances, Identity.Instance::loads);
        Counts before = new Counts(sum(instances, instance -> instance.gets("local", "hit")),
                sum(instances, instance -> instance.gets("local", "miss")),
                sum(instances, instance -> instance.gets("shared", "hit")));
        Latencies latencies = run(instances, workload, this.duration);
        return new Result(instances.getFirst().name, latencies, sum(instances, Identity.Instance::loads) - loadsBefore,
                before);
    }

    private static long sum(List<Identity.Instance> instances, java.util.function.ToLongFunction<Identity.Instance> count) {
        return instances.stream().mapToLong(count).sum();
    }

    /** Each client reads the profiles its workload names, through the instances in turn. */
    private Latencies run(List<Identity.Instance> instances, Supplier<IntSupplier> workload, Duration length)
            throws Exception {
        return ClosedLoop.http(this.http, this.clients, length, client -> {
            IntSupplier picks = workload.get();
            int[] sent = { client };
            return () -> HttpRequest.newBuilder(URI.create(instances.get(sent[0]++ % instances.size()).baseUrl + "/api/account"))
                .header("Authorization", this.customers.get(picks.getAsInt() - 1).authorization())
                .timeout(Duration.ofSeconds(10))
                .build();
        });
    }
}
