package dev.emporium.platform.cache;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * One cache's meters, all tagged {@code cache=<name>}: {@code emporium.cache.gets} by {@code level} (local, shared)
 * and {@code result} (hit, miss); {@code emporium.cache.loads}, a timer of the loader by {@code outcome};
 * {@code emporium.cache.evictions} from the local level by {@code cause} (size, expired, explicit, …); and
 * {@code emporium.cache.invalidations} by {@code scope} (key, all). A shared-level read that Redis did not answer is
 * neither hit nor miss: the breaker's own meters ({@code resilience4j.circuitbreaker.*}, {@code name=redis}) count it.
 */
final class CacheMeters {

    private final Counter localHits;

    private final Counter localMisses;

    private final Counter sharedHits;

    private final Counter sharedMisses;

    private final Timer loads;

    private final Timer failedLoads;

    private final Counter keyInvalidations;

    private final Counter allInvalidations;

    private final Map<RemovalCause, Counter> evictions = new EnumMap<>(RemovalCause.class);

    CacheMeters(String cache, MeterRegistry meters) {
        this.localHits = gets(meters, cache, "local", "hit");
        this.localMisses = gets(meters, cache, "local", "miss");
        this.sharedHits = gets(meters, cache, "shared", "hit");
        this.sharedMisses = gets(meters, cache, "shared", "miss");
        this.loads = loads(meters, cache, "success");
        this.failedLoads = loads(meters, cache, "failure");
        this.keyInvalidations = invalidations(meters, cache, "key");
        this.allInvalidations = invalidations(meters, cache, "all");
        for (RemovalCause cause : RemovalCause.values()) {
            this.evictions.put(cause, Counter.builder("emporium.cache.evictions")
                .description("Values the local level dropped")
                .tag("cache", cache)
                .tag("cause", cause.name().toLowerCase(Locale.ROOT))
                .register(meters));
        }
    }

    private static Counter gets(MeterRegistry meters, String cache, String level, String result) {
        return Counter.builder("emporium.cache.gets")
            .description("Cache lookups by level and result")
            .tag("cache", cache)
            .tag("level", level)
            .tag("result", result)
            .register(meters);
    }

    private static Timer loads(MeterRegistry meters, String cache, String outcome) {
        return Timer.builder("emporium.cache.loads")
            .description("Loads of values missing from both levels (the database reads the cache saves)")
            .tag("cache", cache)
            .tag("outcome", outcome)
            .register(meters);
    }

    private static Counter invalidations(MeterRegistry meters, String cache, String scope) {
        return Counter.builder("emporium.cache.invalidations")
            .description("Invalidations this instance made or received")
            .tag("cache", cache)
            .tag("scope", scope)
            .register(meters);
    }

    void localHit() {
        this.localHits.increment();
    }

    void localMiss() {
        this.localMisses.increment();
    }

    void sharedHit() {
        this.sharedHits.increment();
    }

    void sharedMiss() {
        this.sharedMisses.increment();
    }

    void invalidated(boolean all) {
        (all ? this.allInvalidations : this.keyInvalidations).increment();
    }

    void evicted(RemovalCause cause) {
        this.evictions.get(cause).increment();
    }

    <V> V load(Supplier<V> loader) {
        long start = System.nanoTime();
        try {
            V value = loader.get();
            this.loads.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return value;
        }
        catch (RuntimeException | Error ex) {
            this.failedLoads.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            throw ex;
        }
    }
}
