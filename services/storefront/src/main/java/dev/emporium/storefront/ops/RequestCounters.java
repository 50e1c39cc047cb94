package dev.emporium.storefront.ops;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.emporium.storefront.ops.PrometheusText.Sample;
import org.jspecify.annotations.Nullable;

/**
 * One instance's cumulative HTTP server counters at one moment, from Micrometer's {@code http_server_requests_seconds}
 * series summed over every URI, method and status: requests, those answered 5xx, seconds spent, and the histogram's
 * cumulative counts by upper bound ({@code le}) when the instance publishes buckets. Requests to {@code /actuator}
 * (health checks and scrapes, the console's own among them) are left out.
 *
 * @param buckets cumulative count by upper bound in seconds (the last one {@code +Inf}); empty without a histogram
 */
record RequestCounters(double requests, double errors, double seconds, SortedMap<Double, Double> buckets) {

    static final String COUNT = "http_server_requests_seconds_count";

    static final String SUM = "http_server_requests_seconds_sum";

    static final String BUCKET = "http_server_requests_seconds_bucket";

    RequestCounters {
        buckets = Collections.unmodifiableSortedMap(new TreeMap<>(buckets));
    }

    static RequestCounters of(Metrics metrics) {
        SortedMap<Double, Double> buckets = new TreeMap<>();
        for (Sample sample : metrics.named(BUCKET)) {
            Double bound = bound(sample.label("le"));
            if (served(sample) && bound != null && !Double.isNaN(sample.value())) {
                buckets.merge(bound, sample.value(), Double::sum);
            }
        }
        return new RequestCounters(metrics.sum(COUNT, RequestCounters::served),
                metrics.sum(COUNT, sample -> served(sample) && serverError(sample)),
                metrics.sum(SUM, RequestCounters::served), buckets);
    }

    /** A request the service served to a client, not a health check or scrape. */
    private static boolean served(Sample sample) {
        return !sample.label("uri").startsWith("/actuator");
    }

    private static boolean serverError(Sample sample) {
        String status = sample.label("status");
        return status.isEmpty() ? "SERVER_ERROR".equals(sample.label("outcome")) : status.startsWith("5");
    }

    private static @Nullable Double bound(String le) {
        if (le.equals("+Inf") || le.equals("Inf")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            return Double.parseDouble(le);
        }
        catch (NumberFormatException ex) {
            return null;
        }
    }
}
