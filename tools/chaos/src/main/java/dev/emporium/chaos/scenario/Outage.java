package dev.emporium.chaos.scenario;

import dev.emporium.chaos.load.Timeline;
import dev.emporium.chaos.load.Window;

/**
 * The phases of a run with one outage, in whole seconds of its timeline: before {@code [warmup, from)}, during
 * {@code [from, to)}, after {@code [to, end)}. The first seconds are left out of the baseline: connections and
 * caches are still warming up there.
 */
record Outage(int from, int to, int end) {

    static final int WARMUP_SECONDS = 2;

    Window before(Timeline timeline) {
        return timeline.window(Math.min(WARMUP_SECONDS, Math.max(0, this.from - 1)), this.from);
    }

    Window during(Timeline timeline) {
        return timeline.window(this.from, this.to);
    }

    Window after(Timeline timeline) {
        return timeline.window(this.to, this.end);
    }
}
