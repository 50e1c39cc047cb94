package dev.emporium.storefront.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * Rates from counters: what each service did between two samples of its instances' {@link RequestCounters}. Counters
 * only grow, so the difference between two samples is what happened in between; a counter that went down was reset
 * (the instance restarted) and its new value is what happened since, as Prometheus' {@code rate} reads it. An
 * instance missing from either sample (unreachable, or just added) is left out of that interval.
 */
final class Traffic {

    /** The latency the charts show when instances publish histogram buckets; without them, the mean. */
    static final double QUANTILE = 0.95;

    private Traffic() {
    }

    /** Every instance's counters at one moment: one entry of the console's history. */
    record Tick(Instant at, Map<Instance, RequestCounters> requests) {

        Tick {
            requests = Map.copyOf(requests);
        }
    }

    /**
     * What one service did in one interval.
     *
     * @param requestsPerSecond requests served per second (actuator calls left out)
     * @param errorRatio the share of them answered 5xx (0–1), null without requests
     * @param latencyMillis the {@link #QUANTILE} from the histogram, or the mean; null without requests
     * @param latency {@code p95} or {@code mean}: what {@code latencyMillis} is
     */
    record ServiceTraffic(double requestsPerSecond, @Nullable Double errorRatio, @Nullable Double latencyMillis,
            @Nullable String latency) {
    }

    /** The services' traffic in the interval that ends at {@code at}. */
    record Point(long at, Map<String, ServiceTraffic> services) {
    }

    /** One point per interval between consecutive ticks (one fewer than the ticks). */
    static List<Point> points(List<Tick> ticks) {
        List<Point> points = new ArrayList<>();
        for (int i = 1; i < ticks.size(); i++) {
            points.add(new Point(ticks.get(i).at().toEpochMilli(), between(ticks.get(i - 1), ticks.get(i))));
        }
        return points;
    }

    /** Each service's traffic between two ticks, for the services with an instance in both. */
    static Map<String, ServiceTraffic> between(Tick before, Tick after) {
        Duration elapsed = Duration.between(before.at(), after.at());
        Map<String, List<RequestCounters>> increases = new LinkedHashMap<>();
        after.requests().forEach((instance, now) -> {
            RequestCounters then = before.requests().get(instance);
            if (then != null) {
                increases.computeIfAbsent(instance.service(), service -> new ArrayList<>()).add(increase(then, now));
            }
        });
        Map<String, ServiceTraffic> services = new LinkedHashMap<>();
        increases.forEach((service, instances) -> services.put(service, of(instances, elapsed)));
        return services;
    }

    /** The traffic of a service whose instances did these increases in {@code elapsed}. */
    static ServiceTraffic of(List<RequestCounters> increases, Duration elapsed) {
        double requests = 0;
        double errors = 0;
        double seconds = 0;
        SortedMap<Double, Double> buckets = new TreeMap<>();
        for (RequestCounters increase : increases) {
            requests += increase.requests();
            errors += increase.errors();
            seconds += increase.seconds();
            increase.buckets().forEach((bound, count) -> buckets.merge(bound, count, Double::sum));
        }
        double elapsedSeconds = elapsed.toNanos() / 1e9;
        double rate = elapsedSeconds > 0 ? requests / elapsedSeconds : 0;
        if (requests <= 0) {
            return new ServiceTraffic(rate, null, null, null);
        }
        Double quantile = quantile(QUANTILE, buckets);
        if (quantile != null) {
            return new ServiceTraffic(rate, errors / requests, quantile * 1000, "p95");
        }
        return new ServiceTraffic(rate, errors / requests, seconds / requests * 1000, "mean");
    }

    /** What an instance's counters did from {@code then} to {@code now}; all of {@code now} after a restart. */
    static RequestCounters increase(RequestCounters then, RequestCounters now) {
        if (now.requests() < then.requests()) {
            return now;
        }
        SortedMap<Double, Double> buckets = new TreeMap<>();
        now.buckets().forEach((bound, count) -> buckets.put(bound, increase(then.buckets().getOrDefault(bound, 0.0), count)));
        return new RequestCounters(now.requests() - then.requests(), increase(then.errors(), now.errors()),
                increase(then.seconds(), now.seconds()), buckets);
    }

    static double increase(double then, double now) {
        return now >= then ? now - then : now;
    }

    /**
     * The {@code q}-quantile of a histogram given as cumulative counts by upper bound, as PromQL's
     * {@code histogram_quantile} estimates it: linear within the bucket the rank falls in (the first bucket starting
     * at 0), the highest finite bound when it falls in the {@code +Inf} bucket. Null without observations.
     */
    static @Nullable Double quantile(double q, SortedMap<Double, Double> cumulative) {
        if (cumulative.isEmpty()) {
            return null;
        }
        // Buckets summed over many series may disagree by a scrape's jitter: counts never go down with the bound.
        double total = 0;
        for (double count : cumulative.values()) {
            total = Math.max(total, count);
        }
        if (total <= 0) {
            return null;
        }
        double rank = q * total;
        double lowerBound = 0;
        double below = 0;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            double count = Math.max(below, bucket.getValue());
            if (count >= rank && count > below) {
                if (bucket.getKey().isInfinite()) {
                    return lowerBound;
                }
                return lowerBound + (bucket.getKey() - lowerBound) * (rank - below) / (count - below);
            }
            lowerBound = bucket.getKey();
            below = count;
        }
        return lowerBound;
    }
}
