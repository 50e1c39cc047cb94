package dev.emporium.platform.sharding;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * {@code emporium.sharding.queries{shard, kind=read|write|scatter}}: how long each shard takes to answer, fence
 * included, with histogram buckets from 1 ms to 1 s, so one slow shard shows as that shard's latency, not as a
 * service-wide average. Records nothing without a registry.
 */
final class ShardQueryMeters {

    private static final Duration[] BUCKETS = { Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofSeconds(1) };

    private final @Nullable MeterRegistry meters;

    /** By shard, then kind: looked up on every query, so without building a key. */
    private final Map<String, Map<String, Timer>> timers = new ConcurrentHashMap<>();

    ShardQueryMeters(@Nullable MeterRegistry meters) {
        this.meters = meters;
    }

    void record(String shard, String kind, long nanos) {
        if (this.meters == null) {
            return;
        }
        MeterRegistry registry = this.meters;
        Timer timer = this.timers.computeIfAbsent(shard, key -> new ConcurrentHashMap<>())
            .computeIfAbsent(kind, key -> Timer.builder("emporium.sharding.queries")
                .description("Queries on one shard (the fence check included), by kind")
                .tag("shard", shard)
                .tag("kind", kind)
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }
}
