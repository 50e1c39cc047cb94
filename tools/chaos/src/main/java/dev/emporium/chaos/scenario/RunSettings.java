package dev.emporium.chaos.scenario;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How hard and how long the scenarios drive the cluster.
 *
 * @param rate arrivals per second of the mix (the overload scenario finds its own)
 * @param quiet the length of the phases before and after a fault (baseline, recovery)
 * @param outage how long a stopped dependency stays down (the issue fixes 30 s)
 * @param capacity the capacity the overload scenario drives three times, when known (measured by
 * {@code chaos capacity}, whose steps are longer); without it, the scenario measures it first
 */
public record RunSettings(double rate, Duration quiet, Duration outage, @Nullable Double capacity) {

    public static final Duration OUTAGE = Duration.ofSeconds(30);

    /**
     * The default rate: what the whole cluster (two JVMs of every service, 31 processes) holds on the 2-core reference
     * machine with its p99 under 250 ms; a fault is only seen as such below the capacity. Pass more on more cores.
     */
    public static final double REFERENCE_RATE = 2;

    public RunSettings {
        if (!(rate > 0) || rate > 5_000) {
            throw new IllegalArgumentException("--rate must be in (0, 5000]: " + rate);
        }
        if (quiet.isNegative() || quiet.toSeconds() < 3 || quiet.toMinutes() > 60) {
            throw new IllegalArgumentException("--duration must be 3 s to 60 min: " + quiet);
        }
        if (capacity != null && (!(capacity > 0) || capacity > 5_000)) {
            throw new IllegalArgumentException("--capacity must be in (0, 5000]: " + capacity);
        }
    }

    public RunSettings(double rate, Duration quiet, Duration outage) {
        this(rate, quiet, outage, null);
    }

    public static RunSettings defaults() {
        return new RunSettings(REFERENCE_RATE, Duration.ofSeconds(10), OUTAGE);
    }

    int quietSeconds() {
        return (int) this.quiet.toSeconds();
    }
}
