package dev.emporium.chaos.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.emporium.chaos.load.Load;
import dev.emporium.chaos.load.Outcome;
import dev.emporium.chaos.load.Shop;
import dev.emporium.chaos.load.Timeline;
import dev.emporium.chaos.load.Window;
import org.jspecify.annotations.Nullable;

/**
 * Scenario 6: the capacity of the mix measured ({@link CapacitySearch}), then the cluster driven at three times
 * that. Load shedding must keep it useful: goodput (successful operations per second) at least 80% of the capacity,
 * and what is shed refused fast (p99 of the 503 and 429 answers under 50 ms), rather than everyone waiting into a
 * timeout. A run in which nothing was refused fails: its refusals' p99 would judge nothing.
 */
public final class Overload extends UnderLoad<Overload.Marks> {

    static final double FACTOR = 3;

    static final double MIN_GOODPUT_SHARE = 0.8;

    static final double REFUSAL_P99_LIMIT_MS = 50;

    static final int STEP_SECONDS = 5;

    static final String REFUSALS_CHECK = "requests refused at 3× capacity (shed, not queued)";

    /** The first seconds at 3× are left out: the queues of the step before are still draining. */
    static final int SETTLE_SECONDS = 3;

    /**
     * @param search the capacity search
     * @param overloadRate the rate driven at
     * @param from first second of the overload (judged from {@code from + SETTLE_SECONDS})
     * @param to its end
     */
    record Marks(CapacitySearch.Result search, double overloadRate, int from, int to) {
    }

    @Override
    public String name() {
        return "overload";
    }

    @Override
    public String criterion() {
        return "at 3× the measured capacity (highest rate with p99 ≤ 250 ms and < 1% errors): goodput ≥ 80% of the "
                + "capacity, shed requests refused fast (p99 of 503/429 < 50 ms)";
    }

    @Override
    Marks drive(Chaos chaos, Load load, Shop shop) throws InterruptedException {
        CapacitySearch.Result search = given(chaos.settings().capacity(), load, chaos);
        if (search == null) {
            chaos.say("   measuring the capacity from %.0f/s", chaos.settings().rate());
            search = CapacitySearch.run(load, chaos.settings().rate(), STEP_SECONDS, chaos.log());
        }
        if (search.capacity() == 0) {
            return new Marks(search, 0, load.timeline().currentSecond(), load.timeline().currentSecond());
        }
        double overload = Math.round(search.capacity() * FACTOR);
        chaos.say("   capacity %.0f/s; now %.0f/s", search.capacity(), overload);
        load.rate(overload);
        Timeline timeline = load.timeline();
        int from = timeline.currentSecond();
        timeline.event(String.format(Locale.ROOT, "overload: %.0f/s (3× %.0f/s)", overload, search.capacity()));
        hold(java.time.Duration.ofSeconds(Math.max(15, chaos.settings().quietSeconds())));
        int to = timeline.currentSecond();
        timeline.event("overload ends");
        return new Marks(search, overload, from, to);
    }

    /**
     * The capacity passed with {@code --capacity}, as a search of one step: the load held at it for a step, so the
     * report shows how it was served just before the overload. Null when none was passed.
     */
    private static CapacitySearch.@Nullable Result given(@Nullable Double capacity, Load load, Chaos chaos)
            throws InterruptedException {
        if (capacity == null) {
            return null;
        }
        chaos.say("   capacity given: %.0f/s, held for %d s", capacity, STEP_SECONDS * 2);
        CapacitySearch.Step step = CapacitySearch.runStep(load, load.timeline(), capacity, STEP_SECONDS * 2, chaos.log());
        return new CapacitySearch.Result(List.of(step), capacity);
    }

    @Override
    Verdict judge(Timeline timeline, Marks marks) {
        Window overload = timeline.window(marks.from() + SETTLE_SECONDS, marks.to());
        double capacity = marks.search().capacity();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("capacityPerSecond", capacity);
        figures.put("steps", marks.search().steps());
        figures.put("overloadRate", marks.overloadRate());
        figures.put("goodputPerSecond", overload.goodput());
        figures.put("refusals", overload.refusals());
        figures.put("refusalP99Ms", overload.refusalPercentileMillis(99));
        figures.put("timeouts", overload.count(Outcome.TIMEOUT));
        figures.put("p99AllMs", overload.percentileMillis(99));
        return new Verdict(List.of(
                Check.that("a capacity was measured", capacity > 0, Check.format(capacity) + "/s", "> 0"),
                Check.atLeast("goodput at 3× capacity", overload.goodput(), MIN_GOODPUT_SHARE * capacity, "/s"),
                // Without a refusal the criterion judges nothing: the excess was queued (or the capacity mismeasured).
                Check.that(REFUSALS_CHECK, overload.refusals() > 0, String.valueOf(overload.refusals()), "> 0"),
                Check.below("p99 of the refusals (503, 429)", overload.refusalPercentileMillis(99), REFUSAL_P99_LIMIT_MS, " ms")),
                figures);
    }
}
