package dev.emporium.cluster;

import java.time.Duration;

/**
 * How long to wait before restarting a process that died: not at all, unless it keeps dying soon after its start (a
 * crash loop: a bad configuration, a port taken, a database gone), then longer each time, up to {@link #maxDelay}, so
 * a process that cannot run does not take the machine's two cores from those that can.
 *
 * @param quickDeath a death this soon after the start counts towards a crash loop; a longer life resets the count
 * @param freeRestarts quick deaths in a row restarted at once (a kill during start is not a loop)
 * @param firstDelay the wait after the first quick death beyond the free ones, doubled by each further one
 * @param maxDelay the longest wait
 */
record RestartPolicy(Duration quickDeath, int freeRestarts, Duration firstDelay, Duration maxDelay) {

    static final Duration QUICK_DEATH = Duration.ofSeconds(30);

    static final RestartPolicy DEFAULT = new RestartPolicy(QUICK_DEATH, 2, Duration.ofSeconds(1), Duration.ofSeconds(30));

    Duration delayAfter(Supervisor.Slot slot, Duration lived) {
        if (lived.compareTo(this.quickDeath) >= 0) {
            slot.quickDeaths = 0;
            return Duration.ZERO;
        }
        slot.quickDeaths++;
        int beyond = slot.quickDeaths - this.freeRestarts;
        if (beyond <= 0) {
            return Duration.ZERO;
        }
        Duration delay = this.firstDelay.multipliedBy(1L << Math.min(beyond - 1, 20));
        return delay.compareTo(this.maxDelay) > 0 ? this.maxDelay : delay;
    }
}
