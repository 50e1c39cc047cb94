package dev.emporium.storefront.ops;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.emporium.storefront.ops.Traffic.Point;
import dev.emporium.storefront.ops.Traffic.ServiceTraffic;
import dev.emporium.storefront.ops.Traffic.Tick;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrafficTests {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    static final Instance CATALOG_1 = new Instance("catalog", URI.create("http://localhost:8083"));

    static final Instance CATALOG_2 = new Instance("catalog", URI.create("http://localhost:9083"));

    static final Instance ORDERS = new Instance("orders", URI.create("http://localhost:8085"));

    @Test
    void countersReadFromAScrapeLeaveOutActuatorCallsAndCountServerErrors() {
        RequestCounters counters = RequestCounters.of(Metrics.parse("""
                http_server_requests_seconds_count{method="GET",status="200",uri="/api/catalog/products"} 90
                http_server_requests_seconds_count{method="GET",status="404",uri="/api/catalog/products/{id}"} 5
                http_server_requests_seconds_count{method="GET",status="503",uri="/api/catalog/products"} 4
                http_server_requests_seconds_count{method="GET",status="500",uri="/api/catalog/categories"} 1
                http_server_requests_seconds_count{method="GET",status="200",uri="/actuator/prometheus"} 1000
                http_server_requests_seconds_count{method="GET",status="503",uri="/actuator/health"} 7
                http_server_requests_seconds_sum{method="GET",status="200",uri="/api/catalog/products"} 4.5
                http_server_requests_seconds_sum{method="GET",status="503",uri="/api/catalog/products"} 0.5
                http_server_requests_seconds_sum{method="GET",status="200",uri="/actuator/prometheus"} 99
                http_server_requests_seconds_bucket{status="200",uri="/api/catalog/products",le="0.1"} 80
                http_server_requests_seconds_bucket{status="200",uri="/api/catalog/products",le="+Inf"} 90
                http_server_requests_seconds_bucket{status="503",uri="/api/catalog/products",le="0.1"} 1
                http_server_requests_seconds_bucket{status="503",uri="/api/catalog/products",le="+Inf"} 4
                http_server_requests_seconds_bucket{status="200",uri="/actuator/prometheus",le="+Inf"} 1000
                """));

        assertThat(counters.requests()).isEqualTo(100);
        assertThat(counters.errors()).isEqualTo(5);
        assertThat(counters.seconds()).isEqualTo(5.0);
        assertThat(counters.buckets()).containsExactly(Map.entry(0.1, 81.0), Map.entry(Double.POSITIVE_INFINITY, 94.0));
        assertThat(RequestCounters.of(Metrics.parse("")).requests()).isZero();
    }

    @Test
    void ratesAreCounterIncreasesPerSecondAndTheMeanWithoutBuckets() {
        Tick before = tick(T0, Map.of(CATALOG_1, counters(100, 2, 10), ORDERS, counters(50, 0, 5)));
        Tick after = tick(T0.plusSeconds(5), Map.of(CATALOG_1, counters(150, 7, 12.5), ORDERS, counters(50, 0, 5)));

        Map<String, ServiceTraffic> traffic = Traffic.between(before, after);

        ServiceTraffic catalog = traffic.get("catalog");
        assertThat(catalog.requestsPerSecond()).isEqualTo(10.0);
        assertThat(catalog.errorRatio()).isEqualTo(0.1);
        assertThat(catalog.latencyMillis()).isCloseTo(50.0, within(1e-9));
        assertThat(catalog.latency()).isEqualTo("mean");
        // No requests in the interval: a rate of zero, and neither an error share nor a latency to tell.
        assertThat(traffic.get("orders")).isEqualTo(new ServiceTraffic(0, null, null, null));
    }

    @Test
    void aServiceSumsItsInstancesAndLeavesOutOnesMissingFromEitherSample() {
        Instance catalog3 = new Instance("catalog", URI.create("http://localhost:10083"));
        Tick before = tick(T0, Map.of(CATALOG_1, counters(100, 0, 1), CATALOG_2, counters(10, 0, 1)));
        Tick after = tick(T0.plusSeconds(10),
                Map.of(CATALOG_1, counters(130, 0, 2.5), CATALOG_2, counters(80, 7, 4.5), catalog3, counters(1_000, 0, 100)));

        ServiceTraffic catalog = Traffic.between(before, after).get("catalog");

        assertThat(catalog.requestsPerSecond()).isEqualTo(10.0);
        assertThat(catalog.errorRatio()).isEqualTo(0.07);
        assertThat(catalog.latencyMillis()).isCloseTo(50.0, within(1e-9));
        // A service whose only instance was unreachable in one of the samples has no data for the interval.
        assertThat(Traffic.between(before, tick(T0.plusSeconds(10), Map.of())).get("catalog")).isNull();
    }

    @Test
    void aCounterThatWentDownWasResetAndCountsFromZero() {
        Tick before = tick(T0, Map.of(ORDERS, counters(5_000, 50, 500)));
        Tick after = tick(T0.plusSeconds(4), Map.of(ORDERS, counters(20, 1, 1)));

        ServiceTraffic orders = Traffic.between(before, after).get("orders");

        assertThat(orders.requestsPerSecond()).isEqualTo(5.0);
        assertThat(orders.errorRatio()).isEqualTo(0.05);
        assertThat(orders.latencyMillis()).isCloseTo(50.0, within(1e-9));
        assertThat(Traffic.increase(10, 3)).isEqualTo(3);
        assertThat(Traffic.increase(3, 10)).isEqualTo(7);
    }

    @Test
    void withBucketsTheLatencyIsTheP95OfTheInterval() {
        // Before: 100 requests, all under 10 ms. Then 100 more: 50 under 10 ms, 40 under 100 ms, 10 under 1 s.
        Tick before = tick(T0, Map.of(CATALOG_1, counters(100, 0, 0.5, buckets(0.01, 100, 0.1, 100, 1.0, 100, Double.POSITIVE_INFINITY, 100))));
        Tick after = tick(T0.plusSeconds(10),
                Map.of(CATALOG_1, counters(200, 0, 6, buckets(0.01, 150, 0.1, 190, 1.0, 200, Double.POSITIVE_INFINITY, 200))));

        ServiceTraffic catalog = Traffic.between(before, after).get("catalog");

        // Rank 95 of 100 falls in (0.1, 1.0] holding ranks 91-100: 0.1 + 0.9 * (95 - 90) / 10 = 0.55 s.
        assertThat(catalog.latency()).isEqualTo("p95");
        assertThat(catalog.latencyMillis()).isCloseTo(550.0, within(1e-6));
        assertThat(catalog.requestsPerSecond()).isEqualTo(10.0);
    }

    @Test
    void quantilesInterpolateWithinTheirBucketAsPromQlDoes() {
        SortedMap<Double, Double> histogram = buckets(0.1, 50, 0.2, 100, Double.POSITIVE_INFINITY, 100);
        assertThat(Traffic.quantile(0.5, histogram)).isCloseTo(0.1, within(1e-12));
        assertThat(Traffic.quantile(0.25, histogram)).isCloseTo(0.05, within(1e-12));
        assertThat(Traffic.quantile(0.95, histogram)).isCloseTo(0.19, within(1e-12));
        // A rank in the +Inf bucket: the highest finite bound is all a histogram can tell.
        assertThat(Traffic.quantile(0.95, buckets(0.1, 10, 0.5, 50, Double.POSITIVE_INFINITY, 100))).isEqualTo(0.5);
        // No observations, or no buckets: no quantile.
        assertThat(Traffic.quantile(0.95, buckets(0.1, 0, Double.POSITIVE_INFINITY, 0))).isNull();
        assertThat(Traffic.quantile(0.95, new TreeMap<>())).isNull();
        // Buckets summed over series scraped a moment apart may dip: counts are taken as never going down.
        assertThat(Traffic.quantile(0.5, buckets(0.1, 40, 0.2, 38, 0.4, 100, Double.POSITIVE_INFINITY, 100)))
            .isCloseTo(0.2 + 0.2 * (50 - 40) / 60, within(1e-12));
    }

    @Test
    void pointsAreTheIntervalsBetweenConsecutiveTicks() {
        Tick first = tick(T0, Map.of(ORDERS, counters(0, 0, 0)));
        Tick second = tick(T0.plusSeconds(5), Map.of(ORDERS, counters(10, 0, 1)));
        Tick third = tick(T0.plusSeconds(10), Map.of(ORDERS, counters(30, 1, 2)));

        List<Point> points = Traffic.points(List.of(first, second, third));

        assertThat(points).extracting(Point::at).containsExactly(second.at().toEpochMilli(), third.at().toEpochMilli());
        assertThat(points).extracting(point -> point.services().get("orders").requestsPerSecond()).containsExactly(2.0, 4.0);
        assertThat(Traffic.points(List.of(first))).isEmpty();
        assertThat(Traffic.of(List.of(counters(10, 0, 1)), Duration.ZERO).requestsPerSecond()).isZero();
    }

    @Test
    void theHistoryKeepsAWindowOfTicksAndNoMoreThanItHasRoomFor() {
        TrafficHistory history = TrafficHistory.of(Duration.ofSeconds(20), Duration.ofSeconds(5));
        for (int second = 0; second <= 40; second += 5) {
            history.add(tick(T0.plusSeconds(second), Map.of()));
        }
        assertThat(history.within(T0.plusSeconds(40))).extracting(Tick::at)
            .containsExactly(T0.plusSeconds(20), T0.plusSeconds(25), T0.plusSeconds(30), T0.plusSeconds(35), T0.plusSeconds(40));
        // Nobody watched for a while: ticks older than the window are gone, not drawn across the gap.
        assertThat(history.within(T0.plusSeconds(58))).extracting(Tick::at).containsExactly(T0.plusSeconds(40));

        TrafficHistory small = new TrafficHistory(3, Duration.ofHours(1));
        for (int second = 0; second < 10; second++) {
            small.add(tick(T0.plusSeconds(second), Map.of()));
        }
        assertThat(small.within(T0.plusSeconds(10))).extracting(Tick::at)
            .containsExactly(T0.plusSeconds(7), T0.plusSeconds(8), T0.plusSeconds(9));
    }

    static Tick tick(Instant at, Map<Instance, RequestCounters> counters) {
        return new Tick(at, counters);
    }

    static RequestCounters counters(double requests, double errors, double seconds) {
        return new RequestCounters(requests, errors, seconds, new TreeMap<>());
    }

    static RequestCounters counters(double requests, double errors, double seconds, SortedMap<Double, Double> buckets) {
        return new RequestCounters(requests, errors, seconds, buckets);
    }

    /** Bound, count, bound, count, … */
    static SortedMap<Double, Double> buckets(double... boundsAndCounts) {
        SortedMap<Double, Double> buckets = new TreeMap<>();
        for (int i = 0; i < boundsAndCounts.length; i += 2) {
            buckets.put(boundsAndCounts[i], boundsAndCounts[i + 1]);
        }
        return buckets;
    }
}
