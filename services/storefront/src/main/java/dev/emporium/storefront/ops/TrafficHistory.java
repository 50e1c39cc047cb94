package dev.emporium.storefront.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

import dev.emporium.storefront.ops.Traffic.Tick;

/**
 * The last few minutes of samples, oldest first: a ring of at most {@code capacity} ticks, from which ticks older
 * than the window drop out (a console watched again after a pause starts afresh rather than drawing across the gap).
 */
final class TrafficHistory {

    private final ArrayDeque<Tick> ticks = new ArrayDeque<>();

    private final int capacity;

    private final Duration window;

    TrafficHistory(int capacity, Duration window) {
        if (capacity < 2) {
            throw new IllegalArgumentException("a history needs room for two ticks to tell a rate");
        }
        this.capacity = capacity;
        this.window = window;
    }

    /** Room for a window's ticks at this interval, and the one that starts it. */
    static TrafficHistory of(Duration window, Duration interval) {
        long intervals = Math.max(1, window.toMillis() / Math.max(1, interval.toMillis()));
        return new TrafficHistory((int) Math.min(intervals + 1, 10_000), window);
    }

    synchronized void add(Tick tick) {
        this.ticks.addLast(tick);
        while (this.ticks.size() > this.capacity) {
            this.ticks.removeFirst();
        }
        prune(tick.at());
    }

    /** The ticks of the window that ends {@code now}, oldest first. */
    synchronized List<Tick> within(Instant now) {
        prune(now);
        return List.copyOf(this.ticks);
    }

    private void prune(Instant now) {
        Instant oldest = now.minus(this.window);
        while (!this.ticks.isEmpty() && this.ticks.peekFirst().at().isBefore(oldest)) {
            this.ticks.removeFirst();
        }
    }
}
