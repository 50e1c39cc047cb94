package dev.emporium.chaos.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.emporium.chaos.load.Load;
import dev.emporium.chaos.load.Shop;
import dev.emporium.chaos.load.Timeline;
import dev.emporium.chaos.load.Window;

/**
 * Scenario 2: the catalog's read replica ({@code pg-main-replica-1}) and a shard's ({@code pg-s0-replica-1})
 * SIGKILLed in turn under load: readers fall back to the primary, and no read fails.
 */
public final class KillReplica extends UnderLoad<Recoveries> {

    static final List<String> REPLICAS = List.of("pg-main-replica-1", "pg-s0-replica-1");

    @Override
    public String name() {
        return "kill-replica";
    }

    @Override
    public String criterion() {
        return "SIGKILL pg-main-replica-1 (catalog reads) and pg-s0-replica-1 (a shard's): no failed read "
                + "(browse, search, cart)";
    }

    @Override
    Recoveries drive(Chaos chaos, Load load, Shop shop) throws InterruptedException {
        hold(chaos.settings().quiet());
        Map<String, Double> recoveries = new LinkedHashMap<>();
        for (String replica : REPLICAS) {
            recoveries.put(replica, Recoveries.killAndAwait(chaos.control(), load.timeline(), replica, chaos));
            holdSeconds(3);
        }
        hold(chaos.settings().quiet());
        return new Recoveries(recoveries);
    }

    @Override
    Verdict judge(Timeline timeline, Recoveries recoveries) {
        Window run = timeline.whole();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("recoverySeconds", recoveries.seconds());
        figures.put("readsAttempted", run.attempted(KillInstances.idempotent()));
        figures.put("checkoutsFailed", run.failed(dev.emporium.chaos.load.RouteClass.CHECKOUT));
        return new Verdict(List.of(
                Check.none("failed reads (browse, search, cart)", run.failed(KillInstances.idempotent())),
                Check.that("every replica UP again", Double.isFinite(recoveries.slowest()),
                        Check.format(recoveries.slowest()) + " s (slowest)", "finite")),
                figures);
    }
}
