package dev.emporium.chaos.scenario;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.emporium.chaos.control.ControlApi;
import dev.emporium.chaos.control.ProcessStatus;
import dev.emporium.chaos.load.Timeline;

/**
 * How long each killed process took to be UP again (seconds), in the order they were killed; a process that never
 * came back within the patience is recorded as {@link Double#POSITIVE_INFINITY}.
 */
record Recoveries(Map<String, Double> seconds) {

    /** How long the scenarios wait for a killed process before they call it lost. */
    static final Duration PATIENCE = Duration.ofSeconds(90);

    Recoveries {
        seconds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
    }

    double slowest() {
        return this.seconds.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /**
     * SIGKILLs {@code name} through the control API, marks it on the timeline, waits until it is UP again as a new
     * process and marks that too; returns the seconds it took (infinite if it did not come back).
     */
    static double killAndAwait(ControlApi control, Timeline timeline, String name, Chaos chaos) {
        ProcessStatus before = control.process(name)
            .orElseThrow(() -> new IllegalStateException("the cluster has no process " + name));
        long killedAt = System.nanoTime();
        control.kill(name);
        timeline.event(killedAt, "kill " + name);
        chaos.say("   kill %s (pid %s)", name, before.pid());
        try {
            Duration back = control.awaitUpAgain(name, before.pid(), before.restarts(), killedAt, PATIENCE);
            double seconds = back.toMillis() / 1000.0;
            timeline.event(String.format(java.util.Locale.ROOT, "%s UP again after %.1f s", name, seconds));
            chaos.say("   %s UP again after %.1f s", name, seconds);
            return seconds;
        }
        catch (ControlApi.ControlException ex) {
            timeline.event(name + " not back after " + PATIENCE.toSeconds() + " s");
            chaos.say("   %s", ex.getMessage());
            return Double.POSITIVE_INFINITY;
        }
    }
}
