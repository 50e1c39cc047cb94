package dev.emporium.testsupport;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;

/**
 * Zipf's law over 1..n with exponent s, sampled by inverting the cumulative distribution: the benchmarks' model of
 * popularity (a few products, a few customers, make most of the reads).
 */
public final class Zipf {

    private final double[] cumulative;

    public Zipf(int n, double s) {
        this.cumulative = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += 1 / Math.pow(k, s);
            this.cumulative[k - 1] = sum;
        }
        for (int k = 0; k < n; k++) {
            this.cumulative[k] /= sum;
        }
    }

    /** A sampler of ranks 1..n with a random generator of its own (one per client thread). */
    public IntSupplier sampler() {
        SplittableRandom random = new SplittableRandom();
        return () -> {
            int index = Arrays.binarySearch(this.cumulative, random.nextDouble());
            return (index >= 0 ? index : -index - 1) + 1;
        };
    }
}
