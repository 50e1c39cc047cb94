package dev.emporium.chaos.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.emporium.chaos.load.FaultEvent;
import dev.emporium.chaos.load.Outcome;
import dev.emporium.chaos.load.RouteClass;
import dev.emporium.chaos.load.Timeline;
import dev.emporium.chaos.load.Window;
import dev.emporium.chaos.scenario.Check;
import dev.emporium.chaos.scenario.ScenarioResult;
import org.jspecify.annotations.Nullable;

/**
 * A scenario run as report.json holds it: the verdict with its checks and figures, the totals per route class, the
 * timeline second by second, and the fault events. Latencies in milliseconds; null where nothing was measured.
 */
public record Report(String scenario, String criterion, String result, String startedAt, double rate, int seconds,
        List<Check> checks, Map<String, Object> figures, Map<String, Stats> totals, List<Second> timeline,
        List<FaultEvent> events, List<Timeline.FailureSample> failureSamples) {

    /**
     * The operations of one route class (or of all, under {@code all}) over a span.
     *
     * @param outcomes counts by {@link Outcome#key()}, zeros left out
     */
    public record Stats(long attempted, long succeeded, long failed, Map<String, Long> outcomes, @Nullable Double p50Ms,
            @Nullable Double p99Ms, @Nullable Double maxMs) {

        static Stats of(Window window, RouteClass... classes) {
            Map<String, Long> outcomes = new LinkedHashMap<>();
            for (Outcome outcome : Outcome.values()) {
                long count = window.count(outcome, classes);
                if (count > 0) {
                    outcomes.put(outcome.key(), count);
                }
            }
            return new Stats(window.attempted(classes), window.succeeded(classes), window.failed(classes), outcomes,
                    millis(window.percentileMillis(50, classes)), millis(window.percentileMillis(99, classes)),
                    millis(window.maxMillis(classes)));
        }
    }

    /** One second of the timeline: every class's stats and all of them together. */
    public record Second(int second, Map<String, Stats> classes) {
    }

    public static Report of(ScenarioResult result) {
        Timeline timeline = result.timeline();
        int seconds = timeline.length();
        List<Second> rows = new java.util.ArrayList<>();
        List<Window> perSecond = timeline.perSecond(0, seconds);
        for (int i = 0; i < perSecond.size(); i++) {
            rows.add(new Second(i, byClass(perSecond.get(i))));
        }
        return new Report(result.scenario(), result.criterion(), result.passed() ? "PASS" : "FAIL",
                result.startedAt().toString(), result.rate(), seconds, result.verdict().checks(),
                finite(result.verdict().figures()), byClass(timeline.whole()), rows, timeline.events(),
                timeline.failures());
    }

    private static Map<String, Stats> byClass(Window window) {
        Map<String, Stats> stats = new LinkedHashMap<>();
        stats.put("all", Stats.of(window));
        for (RouteClass routeClass : RouteClass.values()) {
            stats.put(routeClass.label(), Stats.of(window, routeClass));
        }
        return stats;
    }

    static @Nullable Double millis(double value) {
        return Double.isFinite(value) ? Math.round(value * 100) / 100.0 : null;
    }

    /** JSON has no NaN or infinity: such figures become null (not measured) or the string "never". */
    private static Map<String, Object> finite(Map<String, Object> figures) {
        Map<String, Object> copy = new LinkedHashMap<>();
        figures.forEach((key, value) -> copy.put(key, finiteValue(value)));
        return copy;
    }

    private static @Nullable Object finiteValue(@Nullable Object value) {
        if (value instanceof Double number) {
            if (number.isNaN()) {
                return null;
            }
            return number.isInfinite() ? "never" : Math.round(number * 100) / 100.0;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, @Nullable Object> copy = new LinkedHashMap<>();
            map.forEach((key, inner) -> copy.put(key, finiteValue(inner)));
            return copy;
        }
        return value;
    }
}
