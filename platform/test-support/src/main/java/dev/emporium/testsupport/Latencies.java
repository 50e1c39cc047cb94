package dev.emporium.testsupport;

import java.util.Arrays;
import java.util.Collection;

/** The latencies (nanoseconds) of a benchmark phase's requests, over {@code seconds}: rate and percentiles. */
public record Latencies(long[] sorted, double seconds) {

    /** Gathers the clients' latencies of one phase. */
    public static Latencies of(Collection<long[]> perClient, double seconds) {
        return new Latencies(perClient.stream().flatMapToLong(Arrays::stream).sorted().toArray(), seconds);
    }

    public long count() {
        return this.sorted.length;
    }

    public double perSecond() {
        return this.sorted.length / this.seconds;
    }

    /** The p-th percentile in milliseconds (nearest rank); NaN without requests. */
    public double percentileMillis(double p) {
        if (this.sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(this.sorted.length - 1, Math.ceil(p / 100 * this.sorted.length) - 1);
        return this.sorted[Math.max(0, index)] / 1e6;
    }
}
