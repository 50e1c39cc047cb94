package dev.emporium.storefront.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.emporium.storefront.ops.ActuatorClient.Health;
import dev.emporium.storefront.ops.PrometheusText.Sample;
import dev.emporium.storefront.ops.Snapshot.InstanceStatus;
import org.jspecify.annotations.Nullable;

/**
 * What the console shows of one snapshot, worked out for the page: the topology (every service's instances and
 * their health), circuit breakers, cache hit ratios, queues with their parking lots, and outbox lag. Every item has
 * a {@code tone} ({@code up}, {@code warn}, {@code down}, {@code unreachable}, {@code unknown}) that the page shows
 * as colour next to words that say the same, never colour alone. Series no instance reports yet are empty lists,
 * which the page shows as "no data".
 */
public record Console(Instant sampledAt, List<ServiceNode> topology, List<Breaker> breakers, List<CacheRatio> caches,
        List<QueueDepth> queues, List<OutboxLag> outboxes) {

    static final String BREAKER_STATE = "resilience4j_circuitbreaker_state";

    static final String BREAKER_FAILURE_RATE = "resilience4j_circuitbreaker_failure_rate";

    static final String CACHE_GETS = "emporium_cache_gets_total";

    static final String QUEUE_DEPTH = "emporium_messaging_queue_depth";

    static final String PARKED = "emporium_messaging_parked";

    static final String OUTBOX_LAG = "emporium_messaging_outbox_lag_seconds";

    /** A cache's hit ratio is judged (coloured) from this many lookups on. */
    static final int MEANINGFUL_LOOKUPS = 20;

    /** A health check slower than this is flagged slow. */
    static final long SLOW_HEALTH_MILLIS = 500;

    static Console of(Snapshot snapshot) {
        return new Console(snapshot.at(), topology(snapshot), breakers(snapshot), caches(snapshot), queues(snapshot),
                outboxes(snapshot));
    }

    /** Every instance, in configuration order. */
    public List<InstanceView> instances() {
        return this.topology.stream().flatMap(service -> service.instances().stream()).toList();
    }

    public long instancesUp() {
        return instances().stream().filter(InstanceView::isUp).count();
    }

    public long servicesUp() {
        return this.topology.stream().filter(service -> service.tone().equals("up")).count();
    }

    /** {@code up} when every instance is, {@code warn} when some are, {@code down} when none is. */
    public String tone() {
        long up = instancesUp();
        return up == instances().size() ? "up" : up > 0 ? "warn" : "down";
    }

    public long openBreakers() {
        return this.breakers.stream().filter(breaker -> !breaker.tone().equals("up")).count();
    }

    public long parkedMessages() {
        return Math.round(this.queues.stream().mapToDouble(queue -> queue.parked() == null ? 0 : queue.parked()).sum());
    }

    public @Nullable Double maxOutboxLag() {
        return this.outboxes.stream().map(OutboxLag::seconds).max(Comparator.naturalOrder()).orElse(null);
    }

    public String maxOutboxLagText() {
        Double lag = maxOutboxLag();
        return lag == null ? "no data" : seconds(lag);
    }

    public String outboxTone() {
        Double lag = maxOutboxLag();
        return lag == null ? "unknown" : OutboxLag.tone(lag);
    }

    /** A service and its instances; its tone is its instances' together. */
    public record ServiceNode(String name, List<InstanceView> instances) {

        public String tone() {
            long up = this.instances.stream().filter(InstanceView::isUp).count();
            if (up == this.instances.size()) {
                return "up";
            }
            if (up > 0) {
                return "warn";
            }
            return this.instances.stream().allMatch(instance -> instance.tone().equals("unreachable")) ? "unreachable" : "down";
        }

        /** UP, DEGRADED (some instances up), DOWN or UNREACHABLE. */
        public String state() {
            return switch (tone()) {
                case "up" -> "UP";
                case "warn" -> "DEGRADED";
                case "unreachable" -> "UNREACHABLE";
                default -> "DOWN";
            };
        }
    }

    /**
     * One instance's health as the console shows it.
     *
     * @param status the health status ({@code UP}, {@code DOWN}, …) or {@code UNREACHABLE}
     * @param millis how long the health check took, null without an answer
     * @param problem why there is no status, or why there are no metrics; null when both came
     */
    public record InstanceView(String service, String url, String address, String status, @Nullable Long millis,
            @Nullable String problem) {

        static InstanceView of(InstanceStatus status) {
            Health health = status.health();
            String problem = health.problem() != null ? health.problem()
                    : status.scrape().failure() != null ? "metrics: " + status.scrape().failure() : null;
            return new InstanceView(status.instance().service(), status.instance().url().toString(),
                    status.instance().address(), health.status(), health.millis(), problem);
        }

        public boolean isUp() {
            return "UP".equals(this.status);
        }

        public String tone() {
            return switch (this.status) {
                case "UP" -> "up";
                case Health.UNREACHABLE -> "unreachable";
                case "DOWN", "OUT_OF_SERVICE" -> "down";
                default -> "unknown";
            };
        }

        public boolean isSlow() {
            return this.millis != null && this.millis > SLOW_HEALTH_MILLIS;
        }

        /** {@code 12 ms}, or a dash without an answer. */
        public String responseTime() {
            return this.millis == null ? "–" : this.millis + " ms";
        }
    }

    /**
     * A circuit breaker of one instance, in the state its {@code resilience4j_circuitbreaker_state} series marks 1.
     *
     * @param failureRate the share of recent calls that failed, in percent; null until the breaker has seen enough
     */
    public record Breaker(String service, String instance, String name, String state, @Nullable Double failureRate) {

        public String tone() {
            return switch (this.state) {
                case "closed" -> "up";
                case "half_open" -> "warn";
                case "open", "forced_open" -> "down";
                default -> "unknown";
            };
        }

        /** CLOSED, OPEN, HALF OPEN, … */
        public String label() {
            return this.state.replace('_', ' ').toUpperCase(Locale.ROOT);
        }

        public String failureRateText() {
            return this.failureRate == null ? "–" : percent(this.failureRate / 100);
        }
    }

    /**
     * One cache's lookups since its instances started, summed over them. Every lookup reads the local level first;
     * its misses read the shared level (Redis) where there is one; what both miss is loaded.
     */
    public record CacheRatio(String service, String cache, double localHits, double localMisses, double sharedHits,
            double sharedMisses) {

        public double lookups() {
            return this.localHits + this.localMisses;
        }

        /** Lookups answered from either level, of all lookups; null before the first lookup. */
        public @Nullable Double hitRatio() {
            return lookups() > 0 ? (this.localHits + this.sharedHits) / lookups() : null;
        }

        public @Nullable Double localRatio() {
            return lookups() > 0 ? this.localHits / lookups() : null;
        }

        /** Of the local level's misses that went on to the shared level, those it answered; null without one. */
        public @Nullable Double sharedRatio() {
            double shared = this.sharedHits + this.sharedMisses;
            return shared > 0 ? this.sharedHits / shared : null;
        }

        /** Judged from {@link #MEANINGFUL_LOOKUPS} lookups on: a first miss says nothing about a cache yet. */
        public String tone() {
            Double ratio = hitRatio();
            if (ratio == null || lookups() < MEANINGFUL_LOOKUPS) {
                return "unknown";
            }
            return ratio >= 0.8 ? "up" : ratio >= 0.5 ? "warn" : "down";
        }

        public String hitText() {
            return percentOrDash(hitRatio());
        }

        public String localText() {
            return percentOrDash(localRatio());
        }

        public String sharedText() {
            return percentOrDash(sharedRatio());
        }

        public String lookupsText() {
            return count(lookups());
        }
    }

    /**
     * A queue's backlog and parking lot, as the service consuming it reports them (the largest over its instances,
     * which share the queue).
     *
     * @param parked messages that failed every attempt; null when the service does not report them
     */
    public record QueueDepth(String service, String queue, @Nullable Double depth, @Nullable Double parked) {

        public String tone() {
            if (this.parked != null && this.parked > 0) {
                return "down";
            }
            return this.depth != null && this.depth >= 100 ? "warn" : "up";
        }

        public String depthText() {
            return this.depth == null ? "no data" : count(this.depth);
        }

        public String parkedText() {
            return this.parked == null ? "no data" : count(this.parked);
        }
    }

    /** How long the oldest unsent event of one outbox has waited (the largest over the instances relaying it). */
    public record OutboxLag(String service, String store, double seconds) {

        static String tone(double seconds) {
            return seconds < 5 ? "up" : seconds < 60 ? "warn" : "down";
        }

        public String tone() {
            return tone(this.seconds);
        }

        public String lagText() {
            return Console.seconds(this.seconds);
        }
    }

    private static List<ServiceNode> topology(Snapshot snapshot) {
        Map<String, List<InstanceView>> services = new LinkedHashMap<>();
        snapshot.instances().forEach(status -> services
            .computeIfAbsent(status.instance().service(), service -> new ArrayList<>())
            .add(InstanceView.of(status)));
        return services.entrySet().stream().map(entry -> new ServiceNode(entry.getKey(), List.copyOf(entry.getValue()))).toList();
    }

    private static List<Breaker> breakers(Snapshot snapshot) {
        List<Breaker> breakers = new ArrayList<>();
        for (InstanceStatus status : snapshot.instances()) {
            Metrics metrics = status.scrape().metrics();
            if (metrics == null) {
                continue;
            }
            Map<String, Double> failureRates = new LinkedHashMap<>();
            metrics.named(BREAKER_FAILURE_RATE).forEach(sample -> failureRates.put(sample.label("name"), sample.value()));
            for (Sample sample : metrics.named(BREAKER_STATE)) {
                if (sample.value() == 1) {
                    Double rate = failureRates.get(sample.label("name"));
                    breakers.add(new Breaker(status.instance().service(), status.instance().address(), sample.label("name"),
                            sample.label("state"), rate == null || rate < 0 || rate.isNaN() ? null : rate));
                }
            }
        }
        return breakers;
    }

    private static List<CacheRatio> caches(Snapshot snapshot) {
        Map<List<String>, double[]> gets = new LinkedHashMap<>();
        for (InstanceStatus status : snapshot.instances()) {
            Metrics metrics = status.scrape().metrics();
            if (metrics == null) {
                continue;
            }
            for (Sample sample : metrics.named(CACHE_GETS)) {
                int slot = ("shared".equals(sample.label("level")) ? 2 : 0) + ("hit".equals(sample.label("result")) ? 0 : 1);
                if (!Double.isNaN(sample.value())) {
                    gets.computeIfAbsent(List.of(status.instance().service(), sample.label("cache")), key -> new double[4])[slot] += sample.value();
                }
            }
        }
        return gets.entrySet().stream()
            .map(entry -> new CacheRatio(entry.getKey().get(0), entry.getKey().get(1), entry.getValue()[0],
                    entry.getValue()[1], entry.getValue()[2], entry.getValue()[3]))
            .sorted(Comparator.comparing(CacheRatio::cache))
            .toList();
    }

    private static List<QueueDepth> queues(Snapshot snapshot) {
        Map<List<String>, Double> depths = largest(snapshot, QUEUE_DEPTH, "queue");
        Map<List<String>, Double> parked = largest(snapshot, PARKED, "queue");
        Map<List<String>, QueueDepth> queues = new LinkedHashMap<>();
        depths.forEach((key, depth) -> queues.put(key, new QueueDepth(key.get(0), key.get(1), depth, parked.get(key))));
        parked.forEach((key, count) -> queues.putIfAbsent(key, new QueueDepth(key.get(0), key.get(1), null, count)));
        return queues.values().stream().sorted(Comparator.comparing(QueueDepth::queue)).toList();
    }

    private static List<OutboxLag> outboxes(Snapshot snapshot) {
        List<OutboxLag> outboxes = new ArrayList<>();
        largest(snapshot, OUTBOX_LAG, "store").forEach((key, lag) -> outboxes.add(new OutboxLag(key.get(0), key.get(1), lag)));
        outboxes.sort(Comparator.comparing(OutboxLag::store));
        return outboxes;
    }

    /** A gauge's largest value over the instances of each service, by (service, value of {@code label}). */
    private static Map<List<String>, Double> largest(Snapshot snapshot, String gauge, String label) {
        Map<List<String>, Double> largest = new LinkedHashMap<>();
        for (InstanceStatus status : snapshot.instances()) {
            Metrics metrics = status.scrape().metrics();
            if (metrics == null) {
                continue;
            }
            for (Sample sample : metrics.named(gauge)) {
                if (!Double.isNaN(sample.value())) {
                    largest.merge(List.of(status.instance().service(), sample.label(label)), sample.value(), Math::max);
                }
            }
        }
        return largest;
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    private static String percentOrDash(@Nullable Double ratio) {
        return ratio == null ? "–" : percent(ratio);
    }

    static String count(double value) {
        return String.format(Locale.ROOT, "%,d", Math.round(value));
    }

    static String seconds(double value) {
        return value < 10 ? String.format(Locale.ROOT, "%.1f s", value) : String.format(Locale.ROOT, "%,d s", Math.round(value));
    }
}
