package dev.emporium.chaos.load;

import java.util.EnumMap;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * What the shoppers saw over a span of whole seconds of a {@link Timeline}: per route class, how many operations
 * arrived and how each ended, and their latencies (from the intended start; HdrHistogram, microseconds, two
 * significant digits); and the latencies of the refusals (429 and 503 problem) of every class, which the overload
 * scenario needs apart: those of the refused request alone (an operation's earlier requests, a cart's PUT before
 * its refused GET, are not the refusal's). One second of the timeline is a window too; larger windows are their seconds added up.
 */
public final class Window {

    /** Latencies above two minutes are recorded as two minutes: no request of the driver waits that long. */
    static final long HIGHEST_MICROS = 120_000_000L;

    private final int seconds;

    private final Map<RouteClass, long[]> outcomes = new EnumMap<>(RouteClass.class);

    private final Map<RouteClass, Histogram> latencies = new EnumMap<>(RouteClass.class);

    private final Histogram refusals = histogram();

    Window(int seconds) {
        this.seconds = seconds;
        for (RouteClass routeClass : RouteClass.values()) {
            this.outcomes.put(routeClass, new long[Outcome.values().length]);
            this.latencies.put(routeClass, histogram());
        }
    }

    private static Histogram histogram() {
        return new Histogram(1, HIGHEST_MICROS, 2);
    }

    void record(RouteClass routeClass, Outcome outcome, long latencyNanos, long lastRequestNanos) {
        this.outcomes.get(routeClass)[outcome.ordinal()]++;
        this.latencies.get(routeClass).recordValue(micros(latencyNanos));
        if (outcome == Outcome.PROBLEM_503 || outcome == Outcome.RATE_LIMITED_429) {
            this.refusals.recordValue(micros(lastRequestNanos));
        }
    }

    private static long micros(long nanos) {
        return Math.clamp(nanos / 1_000, 1, HIGHEST_MICROS);
    }

    void add(Window other) {
        for (RouteClass routeClass : RouteClass.values()) {
            long[] mine = this.outcomes.get(routeClass);
            long[] theirs = other.outcomes.get(routeClass);
            for (int i = 0; i < mine.length; i++) {
                mine[i] += theirs[i];
            }
            this.latencies.get(routeClass).add(other.latencies.get(routeClass));
        }
        this.refusals.add(other.refusals);
    }

    /** How many seconds the window spans (rates are per second of it). */
    public int seconds() {
        return this.seconds;
    }

    private static RouteClass[] all(RouteClass[] classes) {
        return classes.length == 0 ? RouteClass.values() : classes;
    }

    /** Operations of the given classes (all classes when none is given) that arrived in the window. */
    public long attempted(RouteClass... classes) {
        long sum = 0;
        for (RouteClass routeClass : all(classes)) {
            for (long count : this.outcomes.get(routeClass)) {
                sum += count;
            }
        }
        return sum;
    }

    public long count(Outcome outcome, RouteClass... classes) {
        long sum = 0;
        for (RouteClass routeClass : all(classes)) {
            sum += this.outcomes.get(routeClass)[outcome.ordinal()];
        }
        return sum;
    }

    public long succeeded(RouteClass... classes) {
        return count(Outcome.OK_2XX, classes);
    }

    public long failed(RouteClass... classes) {
        return attempted(classes) - succeeded(classes);
    }

    /** Failed operations that were not a clean 503 problem. */
    public long failedOtherThan503Problem(RouteClass... classes) {
        return failed(classes) - count(Outcome.PROBLEM_503, classes);
    }

    /** The share of failed operations, 0 without any. */
    public double errorRatio(RouteClass... classes) {
        long attempted = attempted(classes);
        return attempted == 0 ? 0 : (double) failed(classes) / attempted;
    }

    /** Successful operations per second of the window. */
    public double goodput(RouteClass... classes) {
        return this.seconds == 0 ? 0 : (double) succeeded(classes) / this.seconds;
    }

    /** Arrivals per second of the window. */
    public double arrivalRate(RouteClass... classes) {
        return this.seconds == 0 ? 0 : (double) attempted(classes) / this.seconds;
    }

    private Histogram merged(RouteClass[] classes) {
        Histogram merged = histogram();
        for (RouteClass routeClass : all(classes)) {
            merged.add(this.latencies.get(routeClass));
        }
        return merged;
    }

    /** The latency percentile (0-100) of the given classes' operations in milliseconds; NaN without any. */
    public double percentileMillis(double percentile, RouteClass... classes) {
        return percentileMillis(merged(classes), percentile);
    }

    public double maxMillis(RouteClass... classes) {
        return percentileMillis(merged(classes), 100);
    }

    /** The latency percentile of the refusals (429 and 503 problem) of every class; NaN without any. */
    public double refusalPercentileMillis(double percentile) {
        return percentileMillis(this.refusals, percentile);
    }

    public long refusals() {
        return this.refusals.getTotalCount();
    }

    private static double percentileMillis(Histogram histogram, double percentile) {
        if (histogram.getTotalCount() == 0) {
            return Double.NaN;
        }
        long micros = percentile >= 100 ? histogram.getMaxValue() : histogram.getValueAtPercentile(percentile);
        return micros / 1000.0;
    }
}
