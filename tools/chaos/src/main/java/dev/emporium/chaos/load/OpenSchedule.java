package dev.emporium.chaos.load;

/**
 * When the arrivals of an open model are due: the n-th (0-based) of a segment at {@code start + n / rate}, whether or
 * not earlier requests have been answered. Latency is measured from this intended start, not from when the request
 * was actually sent, so a stalled system is charged for the waiting it caused (no coordinated omission).
 *
 * @param startNanos the segment's first arrival, on {@link System#nanoTime()}'s clock
 * @param perSecond the arrival rate
 */
public record OpenSchedule(long startNanos, double perSecond) {

    public OpenSchedule {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be positive: " + perSecond);
        }
    }

    /** The intended start of arrival {@code n}. */
    public long intendedStart(long n) {
        return this.startNanos + Math.round(n * 1e9 / this.perSecond);
    }

    /** How many arrivals are due in the first {@code elapsedNanos} of the segment (those with a start before it). */
    public long dueWithin(long elapsedNanos) {
        if (elapsedNanos <= 0) {
            return 0;
        }
        long n = (long) Math.ceil(elapsedNanos * this.perSecond / 1e9);
        // Rounding in intendedStart may put one arrival on either side of the boundary.
        while (n > 0 && intendedStart(n - 1) - this.startNanos >= elapsedNanos) {
            n--;
        }
        while (intendedStart(n) - this.startNanos < elapsedNanos) {
            n++;
        }
        return n;
    }
}
