package dev.emporium.chaos.scenario;

import java.time.Duration;
import java.time.Instant;

import dev.emporium.chaos.load.Load;
import dev.emporium.chaos.load.Shop;
import dev.emporium.chaos.load.Timeline;

/**
 * The shape every scenario shares: a healthy cluster, a shop with its own customers, the load started; then the
 * scenario's faults ({@link #drive}, which returns what it marked: phases, recovery times); the load stopped, so
 * every operation has been answered; then the verdict, a pure function of the timeline and the marks
 * ({@link #judge}), which the unit tests call on made-up timelines.
 *
 * @param <M> what {@link #drive} measured besides the timeline
 */
abstract class UnderLoad<M> implements Scenario {

    /** Long enough for a cluster on a small machine to have restarted what the previous scenario broke. */
    static final Duration HEALTHY_PATIENCE = Duration.ofMinutes(3);

    @Override
    public final ScenarioResult run(Chaos chaos) throws InterruptedException {
        chaos.say("== %s: %s", name(), criterion());
        chaos.control().awaitAllUp(HEALTHY_PATIENCE);
        try (Shop shop = Shop.open(chaos.edgeUrl(), chaos.shop(), chaos.log())) {
            Instant started = Instant.now();
            double rate = initialRate(chaos.settings());
            M marks;
            Load load = Load.start(shop, rate);
            try {
                marks = drive(chaos, load, shop);
            }
            finally {
                load.close();
                restore(chaos);
            }
            Verdict verdict = judge(load.timeline(), marks);
            chaos.say("== %s: %s", name(), verdict.passed() ? "PASS" : "FAIL");
            verdict.checks().forEach(check -> chaos.say("   %s %s: %s (limit %s)", check.passed() ? "ok  " : "FAIL",
                    check.name(), check.measured(), check.limit()));
            return new ScenarioResult(name(), criterion(), started, rate, verdict, load.timeline());
        }
    }

    double initialRate(RunSettings settings) {
        return settings.rate();
    }

    /** Injects the faults while {@code load} runs; returns what it marked. */
    abstract M drive(Chaos chaos, Load load, Shop shop) throws InterruptedException;

    /** Puts right whatever {@link #drive} may have left broken if it failed half-way (a stopped process, a delay). */
    void restore(Chaos chaos) {
    }

    abstract Verdict judge(Timeline timeline, M marks);

    static void hold(Duration duration) throws InterruptedException {
        Thread.sleep(duration);
    }

    static void holdSeconds(double seconds) throws InterruptedException {
        Thread.sleep(Duration.ofMillis(Math.round(seconds * 1000)));
    }
}
