package dev.emporium.bench;

import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import dev.emporium.catalog.CatalogApplication;
import dev.emporium.testsupport.ClosedLoop;
import dev.emporium.testsupport.Latencies;
import dev.emporium.testsupport.LoadOptions;
import dev.emporium.testsupport.Zipf;
import dev.emporium.testsupport.postgres.TemporaryDatabase;
import dev.emporium.testsupport.redis.RedisServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./emporium bench cache}: the catalog's product reads ({@code GET /api/catalog/products/{id}} over HTTP, the
 * real path) on PostgreSQL (a database of its own on the machine's server) and a Redis of its own, in one run:
 * <ol>
 * <li>throughput with every read a cache hit (100 products, read after a warm-up), with every read a miss of both
 * levels (the levels' lifetimes set to 1 ms, so each read asks Redis, loads from the database and writes Redis), and
 * with the cache switched off ({@code emporium.catalog.cache.enabled=false}); ratios against no cache;</li>
 * <li>the same three without HTTP, through the catalog's own read method, two threads;</li>
 * <li>the hit ratio under a Zipf-distributed workload (s = 1) over the first 1,000 products of the demo catalog, with
 * the default settings, and with an instance-level cache ten times smaller than the catalog.</li>
 * </ol>
 * Each configuration is a fresh catalog instance; clients are virtual threads on the same two cores as the service.
 * Arguments: {@code --duration=15s} per phase, {@code --clients=16}.
 */
public final class CacheBenchmark {

    private static final int CATALOG_SIZE = 1_000;

    /** One per core of the machines the figures come from. */
    private static final int IN_PROCESS_THREADS = 2;

    private final Duration duration;

    private final int clients;

    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();

    private CacheBenchmark(Duration duration, int clients) {
        this.duration = duration;
        this.clients = clients;
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options = LoadOptions.parseOrExit(args, "./emporium bench cache", Duration.ofSeconds(15), 16);
        new CacheBenchmark(options.duration(), options.clients()).run();
        System.exit(0);
    }

    private void run() throws Exception {
        try (TemporaryDatabase database = TemporaryDatabase.create("cache_bench");
                RedisServer redis = RedisServer.start("cache-bench")) {
            System.out.printf("Catalog product reads over HTTP, %d clients, %d s per phase, PostgreSQL %s, Redis %s%n%n",
                    this.clients, this.duration.toSeconds(), TemporaryDatabase.SERVER, redis.url());
            try (Catalog catalog = Catalog.start(database, redis, "warm-up")) {
                // The JIT compiles the shared code (Tomcat, Spring, the driver) once for every phase: warm it first,
                // or the first phase measures the compiler.
                run(catalog, () -> ClosedLoop.sequential(CATALOG_SIZE), Duration.ofSeconds(5));
            }
            System.out.println("| round | product reads | reads/s | vs no cache | p50 | p99 | database loads |");
            System.out.println("|---|---|---|---|---|---|---|");
            // Round 0 warms each configuration's paths (Redis, the pool, the cache) and is not shown; two rounds
            // follow, so what the machine did meanwhile shows as the difference between them.
            for (int round = 0; round <= 2; round++) {
                Result hit;
                Result miss;
                Result none;
                try (Catalog catalog = Catalog.start(database, redis, "hit-" + round)) {
                    hit = measure(catalog, () -> ClosedLoop.sequential(100), Duration.ofSeconds(3));
                }
                try (Catalog catalog = Catalog.start(database, redis, "miss-" + round,
                        "--emporium.catalog.cache.products.local-ttl=1ms",
                        "--emporium.catalog.cache.products.shared-ttl=1ms")) {
                    miss = measure(catalog, () -> ClosedLoop.sequential(CATALOG_SIZE), Duration.ofSeconds(3));
                }
                try (Catalog catalog = Catalog.start(database, redis, "none-" + round,
                        "--emporium.catalog.cache.enabled=false")) {
                    none = measure(catalog, () -> ClosedLoop.sequential(CATALOG_SIZE), Duration.ofSeconds(3));
                }
                for (Result result : round == 0 ? List.<Result>of() : List.of(hit, miss, none)) {
                    System.out.printf("| %d | %s | %,.0f | %.2f× | %.2f ms | %.2f ms | %s |%n", round, result.name,
                            result.perSecond(), result.perSecond() / none.perSecond(), result.percentile(50),
                            result.percentile(99), result.name.equals("no cache") ? "every read"
                                    : String.format("%,d", result.loads));
                }
            }

            System.out.println();
            System.out.println("| in-process, " + IN_PROCESS_THREADS
                    + " threads | product reads/s | vs no cache | mean | database loads |");
            System.out.println("|---|---|---|---|---|");
            InProcess hit;
            InProcess miss;
            InProcess none;
            try (Catalog catalog = Catalog.start(database, redis, "hit-in-process")) {
                hit = inProcess(catalog, 100);
            }
            try (Catalog catalog = Catalog.start(database, redis, "miss-in-process",
                    "--emporium.catalog.cache.products.local-ttl=1ms", "--emporium.catalog.cache.products.shared-ttl=1ms")) {
                miss = inProcess(catalog, CATALOG_SIZE);
            }
            try (Catalog catalog = Catalog.start(database, redis, "none-in-process", "--emporium.catalog.cache.enabled=false")) {
                none = inProcess(catalog, CATALOG_SIZE);
            }
            for (InProcess result : List.of(hit, miss, none)) {
                System.out.printf("| %s | %,.0f | %.1f× | %.1f µs | %s |%n", result.name(), result.perSecond(),
                        result.perSecond() / none.perSecond(), 1e6 * IN_PROCESS_THREADS / result.perSecond(),
                        result.name().equals("no cache") ? "every read" : String.format("%,d", result.loads()));
            }

            System.out.println();
            System.out.println("| Zipf (s = 1) over " + CATALOG_SIZE
                    + " products | reads | local hits | Redis hits (of local misses) | database loads | hit ratio |");
            System.out.println("|---|---|---|---|---|---|");
            try (Catalog catalog = Catalog.start(database, redis, "zipf")) {
                zipf(catalog, "defaults (local 5 s / 10,000, Redis 10 min)");
            }
            try (Catalog catalog = Catalog.start(database, redis, "zipf-small",
                    "--emporium.catalog.cache.products.local-max-size=100")) {
                zipf(catalog, "local level of 100 values");
            }
        }
    }

    private void zipf(Catalog catalog, String name) throws Exception {
        Zipf zipf = new Zipf(CATALOG_SIZE, 1.0);
        Result result = measure(catalog, zipf::sampler, Duration.ofSeconds(3));
        long reads = result.count();
        double localHits = catalog.counter("emporium.cache.gets", "local", "hit") - result.localHitsBefore;
        double localMisses = catalog.counter("emporium.cache.gets", "local", "miss") - result.localMissesBefore;
        double sharedHits = catalog.counter("emporium.cache.gets", "shared", "hit") - result.sharedHitsBefore;
        System.out.printf("| %s | %,d | %.1f%% | %.1f%% | %,d | %.2f%% |%n", name, reads, 100 * localHits / reads,
                localMisses == 0 ? 0 : 100 * sharedHits / localMisses, result.loads, 100.0 * (reads - result.loads) / reads);
    }

    private record InProcess(String name, double perSecond, long loads) {
    }

    /**
     * The read path without HTTP: the catalog's own {@code ProductCatalog.findActive} (package-private, hence
     * reflection), so what the cache saves is not drowned by the web stack's cost on two shared cores.
     */
    private InProcess inProcess(Catalog catalog, int products) throws Exception {
        Object productCatalog = catalog.context.getBean("productCatalog");
        Method findActive = productCatalog.getClass().getDeclaredMethod("findActive", String.class);
        findActive.setAccessible(true);
        Callable<Long> reader = () -> {
            long reads = 0;
            int next = new SplittableRandom().nextInt(products);
            long end = System.nanoTime() + this.duration.toNanos();
            while (System.nanoTime() < end) {
                next = next % products + 1;
                if (((Optional<?>) findActive.invoke(productCatalog, "p" + next)).isEmpty()) {
                    throw new IllegalStateException("p" + next + " is not on sale");
                }
                reads++;
            }
            return reads;
        };
        // Warm-up with the same readers, then the measured run.
        ClosedLoop.threads(IN_PROCESS_THREADS, reader);
        double loadsBefore = catalog.loads();
        long start = System.nanoTime();
        long reads = ClosedLoop.threads(IN_PROCESS_THREADS, reader);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new InProcess(catalog.name, reads / seconds, (long) (catalog.loads() - loadsBefore));
    }

    /** Warms up, then reads for the phase's duration; each client draws product numbers from its own workload. */
    private Result measure(Catalog catalog, Supplier<IntSupplier> workload, Duration warmUp) throws Exception {
        run(catalog, workload, warmUp);
        double loadsBefore = catalog.loads();
        double localHits = catalog.counter("emporium.cache.gets", "local", "hit");
        double localMisses = catalog.counter("emporium.cache.gets", "local", "miss");
        double sharedHits = catalog.counter("emporium.cache.gets", "shared", "hit");
        Latencies latencies = run(catalog, workload, this.duration);
        return new Result(catalog.name, latencies, (long) (catalog.loads() - loadsBefore), localHits, localMisses,
                sharedHits);
    }

    /** Each client reads the products its workload names. */
    private Latencies run(Catalog catalog, Supplier<IntSupplier> workload, Duration length) throws Exception {
        return ClosedLoop.http(this.http, this.clients, length, client -> {
            IntSupplier products = workload.get();
            return () -> HttpRequest.newBuilder(URI.create(catalog.baseUrl + "/api/catalog/products/p" + products.getAsInt()))
                .timeout(Duration.ofSeconds(10))
                .build();
        });
    }

    private record Result(String name, Latencies latencies, long loads, double localHitsBefore,
            double localMissesBefore, double sharedHitsBefore) {

        long count() {
            return this.latencies.count();
        }

        double perSecond() {
            return this.latencies.perSecond();
        }

        double percentile(double p) {
            return this.latencies.percentileMillis(p);
        }
    }

    /** One catalog instance for one configuration, with Redis under a key prefix of its own. */
    private static final class Catalog implements AutoCloseable {

        final String name;

        final String baseUrl;

        final ConfigurableApplicationContext context;

        private Catalog(String name, ConfigurableApplicationContext context) {
            this.name = name;
            this.context = context;
            this.baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
        }

        static Catalog start(TemporaryDatabase database, RedisServer redis, String name, String... extra) {
            List<String> arguments = new ArrayList<>(List.of("--spring.config.name=catalog",
                    "--spring.profiles.active=postgres", "--server.port=0", "--emporium.catalog.demo-data=true",
                    "--spring.datasource.url=" + database.jdbcUrl() + "?${emporium.postgres.params}",
                    "--emporium.cache.redis.enabled=true", "--emporium.cache.redis.url=" + redis.url(),
                    "--emporium.cache.redis.key-prefix=bench-" + name, "--emporium.messaging.in-process-broker=bench-" + name,
                    "--logging.level.root=WARN", "--spring.main.banner-mode=off"));
            arguments.addAll(List.of(extra));
            String label = name.startsWith("hit") ? "cache hit"
                    : name.startsWith("miss") ? "cache miss" : name.startsWith("none") ? "no cache" : name;
            return new Catalog(label, new SpringApplicationBuilder(CatalogApplication.class).run(arguments.toArray(String[]::new)));
        }

        double loads() {
            var timer = this.context.getBean(MeterRegistry.class)
                .find("emporium.cache.loads")
                .tags("cache", "catalog.products", "outcome", "success")
                .timer();
            return timer == null ? 0 : timer.count();
        }

        double counter(String name, String level, String result) {
            var counter = this.context.getBean(MeterRegistry.class)
                .find(name)
                .tags("cache", "catalog.products", "level", level, "result", result)
                .counter();
            return counter == null ? 0 : counter.count();
        }

        @Override
        public void close() {
            this.context.close();
        }
    }
}
