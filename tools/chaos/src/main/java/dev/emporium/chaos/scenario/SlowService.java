package dev.emporium.chaos.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.OptionalDouble;

import dev.emporium.chaos.control.Metrics;
import dev.emporium.chaos.control.ProcessStatus;
import dev.emporium.chaos.load.Load;
import dev.emporium.chaos.load.RouteClass;
import dev.emporium.chaos.load.Shop;
import dev.emporium.chaos.load.Timeline;
import dev.emporium.chaos.load.Window;

/**
 * Scenario 5: the cart service made slow (every caller reaches it through TCP fault proxies that delay the data by
 * {@link #DELAY_MILLIS} ms, more than the callers' timeouts) under load. The callers' breakers for cart (the
 * gateway's route, orders' calls) must open, and the slowness must stay with cart: the other routes' (browse,
 * search) p99 within 20% of the baseline measured just before (or 10 ms, whichever is more: a 2-core machine's p99
 * of a few hundred requests moves by that much on its own), none of their requests failing, and the gateways' live
 * threads bounded (at most 1.5× their baseline maximum, or that plus 50 if more).
 */
public final class SlowService extends UnderLoad<SlowService.Marks> {

    static final String SERVICE = "cart";

    static final long DELAY_MILLIS = 3_000;

    static final double P99_TOLERANCE = 0.20;

    static final double P99_TOLERANCE_FLOOR_MS = 10;

    /** How long the service stays slow at least, so its breaker has time to open and the others' p99 to be seen. */
    static final int SLOW_SECONDS_MIN = 20;

    /**
     * How long it stays slow at most while no breaker has opened: a breaker judges a window of calls (10 at least), and
     * at a low rate (two shoppers a second bring a gateway a cart call every few seconds) that takes longer than 20 s.
     */
    static final int SLOW_SECONDS_MAX = 120;

    private static final RouteClass[] OTHERS = { RouteClass.BROWSE, RouteClass.SEARCH };

    /**
     * @param outage the phases (during = while the service was slow)
     * @param openBreakers where a breaker for the service was seen open ("gateway-1: cart"), empty if nowhere
     * @param secondsToOpen how long after the delay the first was seen open
     * @param threadsBefore the gateways' highest live-thread count before
     * @param threadsDuring the gateways' highest live-thread count while slow
     */
    record Marks(Outage outage, List<String> openBreakers, double secondsToOpen, double threadsBefore,
            double threadsDuring) {
    }

    @Override
    public String name() {
        return "slow-service";
    }

    @Override
    public String criterion() {
        return "cart slowed by " + DELAY_MILLIS + " ms: its callers' breaker opens, browse and search p99 within 20% of "
                + "the baseline (or 10 ms), none of their requests fails, the gateways' live threads bounded";
    }

    @Override
    Marks drive(Chaos chaos, Load load, Shop shop) throws InterruptedException {
        Timeline timeline = load.timeline();
        List<ProcessStatus> gateways = chaos.control().processes(process -> "gateway".equals(process.service()));
        List<ProcessStatus> callers = chaos.control().processes(process -> "gateway".equals(process.service())
                || "orders".equals(process.service()));
        double threadsBefore = 0;
        // The baseline lasts as long as the slow phase at least: at a few arrivals a second the p99 of a shorter
        // window is the slowest of a handful of requests, too unsteady a measure to compare with 20%.
        long slowNanosMin = Math.max(SLOW_SECONDS_MIN, chaos.settings().quietSeconds()) * 1_000_000_000L;
        long quietEnd = System.nanoTime() + slowNanosMin;
        while (System.nanoTime() < quietEnd) {
            threadsBefore = Math.max(threadsBefore, liveThreads(gateways));
            holdSeconds(1);
        }
        int from = timeline.currentSecond();
        long slowedAt = System.nanoTime();
        chaos.control().latency(SERVICE, DELAY_MILLIS);
        timeline.event(slowedAt, SERVICE + " slowed by " + DELAY_MILLIS + " ms");
        chaos.say("   %s slowed by %d ms", SERVICE, DELAY_MILLIS);
        List<String> open = new ArrayList<>();
        double secondsToOpen = Double.NaN;
        double threadsDuring = 0;
        long slowEnd = slowedAt + slowNanosMin;
        long slowLimit = slowedAt + Math.max(SLOW_SECONDS_MAX, chaos.settings().quietSeconds()) * 1_000_000_000L;
        while (System.nanoTime() < slowEnd || (open.isEmpty() && System.nanoTime() < slowLimit)) {
            threadsDuring = Math.max(threadsDuring, liveThreads(gateways));
            if (open.isEmpty()) {
                for (ProcessStatus caller : callers) {
                    for (String breaker : Metrics.openBreakers(Metrics.scrape(caller.port()))) {
                        if (breaker.contains(SERVICE)) {
                            open.add(caller.name() + ": " + breaker);
                        }
                    }
                }
                if (!open.isEmpty()) {
                    secondsToOpen = (System.nanoTime() - slowedAt) / 1e9;
                    timeline.event(String.format(Locale.ROOT, "breaker open (%s) after %.1f s", String.join(", ", open),
                            secondsToOpen));
                    chaos.say("   breaker open after %.1f s: %s", secondsToOpen, open);
                }
            }
            holdSeconds(0.5);
        }
        int to = timeline.currentSecond();
        chaos.control().latency(SERVICE, 0);
        timeline.event(SERVICE + " fast again");
        chaos.say("   %s fast again", SERVICE);
        holdSeconds(Math.max(3, chaos.settings().quietSeconds() / 2.0));
        return new Marks(new Outage(from, to, timeline.currentSecond()), open, secondsToOpen, threadsBefore, threadsDuring);
    }

    /** The highest live-thread count among the gateways now (0 if none answers). */
    private static double liveThreads(List<ProcessStatus> gateways) {
        double most = 0;
        for (ProcessStatus gateway : gateways) {
            OptionalDouble threads = Metrics.value(Metrics.scrape(gateway.port()), "jvm_threads_live_threads", Map.of());
            most = Math.max(most, threads.orElse(0));
        }
        return most;
    }

    @Override
    void restore(Chaos chaos) {
        chaos.control().latency(SERVICE, 0);
    }

    @Override
    Verdict judge(Timeline timeline, Marks marks) {
        Window before = marks.outage().before(timeline);
        Window during = marks.outage().during(timeline);
        double p99Before = before.percentileMillis(99, OTHERS);
        double p99During = during.percentileMillis(99, OTHERS);
        double p99Limit = Double.isNaN(p99Before) ? Double.NaN
                : Math.max(p99Before * (1 + P99_TOLERANCE), p99Before + P99_TOLERANCE_FLOOR_MS);
        double threadLimit = Math.max(marks.threadsBefore() * 1.5, marks.threadsBefore() + 50);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("delayMillis", DELAY_MILLIS);
        figures.put("openBreakers", marks.openBreakers());
        figures.put("secondsToOpen", marks.secondsToOpen());
        figures.put("othersP99BeforeMs", p99Before);
        figures.put("othersP99DuringMs", p99During);
        figures.put("gatewayThreadsBefore", marks.threadsBefore());
        figures.put("gatewayThreadsDuring", marks.threadsDuring());
        figures.put("cartP99DuringMs", during.percentileMillis(99, RouteClass.CART));
        figures.put("cartFailedDuring", during.failed(RouteClass.CART));
        figures.put("checkoutFailedDuring", during.failed(RouteClass.CHECKOUT));
        return new Verdict(List.of(
                Check.that("a caller's breaker for " + SERVICE + " opened", !marks.openBreakers().isEmpty(),
                        marks.openBreakers().isEmpty() ? "none" : String.join(", ", marks.openBreakers()), "at least one"),
                Check.that("browse and search p99 while slow", !Double.isNaN(p99Limit) && !Double.isNaN(p99During)
                        && p99During <= p99Limit, Check.format(p99During) + " ms (baseline " + Check.format(p99Before) + " ms)",
                        "≤ " + Check.format(p99Limit) + " ms"),
                Check.none("failed browse and search requests while slow", during.failed(OTHERS)),
                Check.that("gateways' live threads bounded", marks.threadsDuring() > 0 && marks.threadsDuring() <= threadLimit,
                        Check.format(marks.threadsDuring()) + " (baseline " + Check.format(marks.threadsBefore()) + ")",
                        "≤ " + Check.format(threadLimit))),
                figures);
    }
}
