package dev.emporium.platform.web;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Caps retries to a target at a share of the calls made to it over a sliding window (plus a small floor per second),
 * so that when every instance fails, retries add at most that share to the load instead of multiplying it by the
 * number of attempts. The window is a ring of one-second slots of call and retry counts.
 */
final class RetryBudget {

    private final double ratio;

    private final int minPerSecond;

    private final LongSupplier clock;

    private final long[] calls;

    private final long[] retries;

    private final long[] slotSecond;

    RetryBudget(double ratio, int minPerSecond, Duration window, LongSupplier nanoClock) {
        int slots = (int) Math.max(1, window.toSeconds());
        this.ratio = ratio;
        this.minPerSecond = minPerSecond;
        this.clock = nanoClock;
        this.calls = new long[slots];
        this.retries = new long[slots];
        this.slotSecond = new long[slots];
        java.util.Arrays.fill(this.slotSecond, Long.MIN_VALUE);
    }

    /** Counts one call (its first attempt). */
    synchronized void onCall() {
        this.calls[slot()]++;
    }

    /** Takes a retry out of the budget if one is left; false means the call must not be retried. */
    synchronized boolean tryRetry() {
        int current = slot();
        long callsInWindow = 0;
        long retriesInWindow = 0;
        for (int i = 0; i < this.calls.length; i++) {
            callsInWindow += this.calls[i];
            retriesInWindow += this.retries[i];
        }
        double allowed = (double) this.minPerSecond * this.calls.length + this.ratio * callsInWindow;
        if (retriesInWindow + 1 > allowed) {
            return false;
        }
        this.retries[current]++;
        return true;
    }

    /** The slot of this second, emptied first if it last counted an older second. */
    private int slot() {
        long second = Math.floorDiv(this.clock.getAsLong(), 1_000_000_000L);
        int index = (int) Math.floorMod(second, (long) this.calls.length);
        if (this.slotSecond[index] != second) {
            // Slots of seconds that fell out of the window are stale wherever they are: clear every one of them.
            for (int i = 0; i < this.calls.length; i++) {
                if (this.slotSecond[i] <= second - this.calls.length) {
                    this.calls[i] = 0;
                    this.retries[i] = 0;
                }
            }
            this.calls[index] = 0;
            this.retries[index] = 0;
            this.slotSecond[index] = second;
        }
        return index;
    }
}
