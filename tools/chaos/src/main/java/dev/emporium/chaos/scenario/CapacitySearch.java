package dev.emporium.chaos.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.emporium.chaos.load.Load;
import dev.emporium.chaos.load.Timeline;
import dev.emporium.chaos.load.Window;

/**
 * Finds the capacity of the whole mix: the highest arrival rate whose p99 is at most {@link #P99_LIMIT_MS} with
 * fewer than 1% errors. It steps the rate of a running load up by {@link #GROWTH} each step until a step fails, then
 * tries the rate half-way between the last good and the first bad one. Each step is judged on its seconds but the
 * first (the load changing rate, queues from the step before draining); a warm-up step at the first rate comes before
 * them, not judged.
 */
public final class CapacitySearch {

    public static final double P99_LIMIT_MS = 250;

    public static final double ERROR_LIMIT = 0.01;

    static final double GROWTH = 1.5;

    static final int MAX_STEPS = 10;

    /** One step: its rate and what it measured. */
    public record Step(double rate, double goodput, double p99Ms, double errorRatio, int fromSecond, int toSecond) {

        public boolean good() {
            return !Double.isNaN(this.p99Ms) && this.p99Ms <= P99_LIMIT_MS && this.errorRatio < ERROR_LIMIT;
        }
    }

    /** The steps taken, and the capacity found (the best good step's rate; 0 if none was good). */
    public record Result(List<Step> steps, double capacity) {
    }

    private CapacitySearch() {
    }

    /** Judges the seconds {@code [from, to)} of {@code timeline} as one step at {@code rate}. */
    static Step step(Timeline timeline, double rate, int from, int to) {
        Window window = timeline.window(from + 1, to);
        return new Step(rate, window.goodput(), window.percentileMillis(99), window.errorRatio(), from, to);
    }

    /** The capacity of {@code steps}: the highest rate of a good step, 0 if none was. */
    static double capacity(List<Step> steps) {
        return steps.stream().filter(Step::good).mapToDouble(Step::rate).max().orElse(0);
    }

    /**
     * Runs the search on {@code load} (already running), from {@code startRate}, {@code stepSeconds} per step,
     * marking each step on the timeline.
     */
    public static Result run(Load load, double startRate, int stepSeconds, java.io.PrintStream log) throws InterruptedException {
        Timeline timeline = load.timeline();
        List<Step> steps = new ArrayList<>();
        double rate = startRate;
        double bad = Double.NaN;
        // Not judged: instances just started or scaled, and caches still cold, fail a first step that they hold later.
        load.rate(rate);
        timeline.event(String.format(Locale.ROOT, "warm-up at %.0f/s", rate));
        log.printf(Locale.ROOT, "   warm-up at %.0f/s for %d s%n", rate, stepSeconds);
        Thread.sleep(stepSeconds * 1000L);
        for (int i = 0; i < MAX_STEPS; i++) {
            Step step = runStep(load, timeline, rate, stepSeconds, log);
            steps.add(step);
            if (!step.good()) {
                bad = rate;
                break;
            }
            rate = Math.round(rate * GROWTH);
        }
        // Already over at the first rate: step down until a rate holds.
        for (int i = 0; i < 4 && capacity(steps) == 0; i++) {
            bad = rate;
            rate = Math.max(1, Math.round(rate / (GROWTH * GROWTH)));
            steps.add(runStep(load, timeline, rate, stepSeconds, log));
        }
        double good = capacity(steps);
        if (!Double.isNaN(bad) && good > 0 && bad - good > 2) {
            steps.add(runStep(load, timeline, Math.round((good + bad) / 2), stepSeconds, log));
        }
        return new Result(steps, capacity(steps));
    }

    /** Holds {@code load} at {@code rate} for {@code stepSeconds}, marked on the timeline, and judges it. */
    static Step runStep(Load load, Timeline timeline, double rate, int stepSeconds, java.io.PrintStream log)
            throws InterruptedException {
        load.rate(rate);
        int from = timeline.currentSecond();
        timeline.event(String.format(Locale.ROOT, "rate %.0f/s", rate));
        Thread.sleep(stepSeconds * 1000L);
        int to = timeline.currentSecond();
        // The step's last arrivals need their answers before it is judged.
        Thread.sleep(Math.min(2000, stepSeconds * 200L));
        Step step = step(timeline, rate, from, to);
        log.printf(Locale.ROOT, "   %.0f/s: goodput %.1f/s, p99 %.0f ms, errors %.2f%% %s%n", rate, step.goodput(),
                step.p99Ms(), step.errorRatio() * 100, step.good() ? "ok" : "over");
        return step;
    }
}
