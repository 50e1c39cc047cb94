package dev.emporium.chaos.scenario;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.emporium.chaos.load.Load;
import dev.emporium.chaos.load.RouteClass;
import dev.emporium.chaos.load.Shop;
import dev.emporium.chaos.load.Timeline;
import dev.emporium.chaos.load.Window;

/**
 * Scenario 3: Redis stopped for 30 s under load, then started again. The caches bypass a Redis they cannot reach
 * and the catalog is read from its database: no catalog read fails, and their p99 stays bounded: at most
 * {@link #P99_FACTOR} times the p99 before the outage, or {@link #P99_FLOOR_MS} ms if that is more (a cold cache on
 * a small machine costs a few database reads per page, not seconds).
 */
public final class RedisDown extends UnderLoad<Outage> {

    static final String REDIS = "redis";

    static final double P99_FACTOR = 3;

    static final double P99_FLOOR_MS = 1000;

    private static final RouteClass[] CATALOG = { RouteClass.BROWSE, RouteClass.SEARCH };

    @Override
    public String name() {
        return "redis-down";
    }

    @Override
    public String criterion() {
        return "Redis stopped for 30 s: no catalog errors (browse, search); catalog p99 during the outage at most "
                + "3× the p99 before (or 1 s if more)";
    }

    @Override
    Outage drive(Chaos chaos, Load load, Shop shop) throws InterruptedException {
        return stopFor(chaos, load, REDIS);
    }

    /** The outage of {@code process}: quiet, stopped for the outage, started, awaited UP, quiet again. */
    static Outage stopFor(Chaos chaos, Load load, String process) throws InterruptedException {
        Timeline timeline = load.timeline();
        hold(chaos.settings().quiet());
        int from = timeline.currentSecond();
        chaos.control().stop(process);
        timeline.event("stop " + process);
        chaos.say("   stopped %s", process);
        hold(chaos.settings().outage());
        long startedAt = System.nanoTime();
        chaos.control().start(process);
        int to = timeline.currentSecond();
        timeline.event(startedAt, "start " + process);
        Duration up = chaos.control().awaitUp(process, startedAt, Recoveries.PATIENCE);
        timeline.event(String.format(java.util.Locale.ROOT, "%s UP after %.1f s", process, up.toMillis() / 1000.0));
        chaos.say("   started %s, UP after %.1f s", process, up.toMillis() / 1000.0);
        hold(chaos.settings().quiet());
        return new Outage(from, to, timeline.currentSecond());
    }

    @Override
    void restore(Chaos chaos) {
        startIfStopped(chaos, REDIS);
    }

    static void startIfStopped(Chaos chaos, String process) {
        chaos.control().process(process).filter(status -> "STOPPED".equals(status.state()))
            .ifPresent(status -> chaos.control().start(process));
    }

    @Override
    Verdict judge(Timeline timeline, Outage outage) {
        Window before = outage.before(timeline);
        Window during = outage.during(timeline);
        double p99Before = before.percentileMillis(99, CATALOG);
        double p99During = during.percentileMillis(99, CATALOG);
        double bound = Math.max(P99_FLOOR_MS, P99_FACTOR * (Double.isNaN(p99Before) ? 0 : p99Before));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("catalogP99BeforeMs", p99Before);
        figures.put("catalogP99DuringMs", p99During);
        figures.put("catalogP99AfterMs", outage.after(timeline).percentileMillis(99, CATALOG));
        figures.put("catalogP50BeforeMs", before.percentileMillis(50, CATALOG));
        figures.put("catalogP50DuringMs", during.percentileMillis(50, CATALOG));
        figures.put("failedOtherRequests", timeline.whole().failed(RouteClass.CART, RouteClass.CHECKOUT));
        return new Verdict(List.of(
                Check.none("failed catalog requests (browse, search)", timeline.whole().failed(CATALOG)),
                Check.that("catalog requests during the outage", during.attempted(CATALOG) > 0,
                        Long.toString(during.attempted(CATALOG)), "> 0"),
                Check.atMost("catalog p99 during the outage", p99During, bound, " ms")),
                figures);
    }
}
