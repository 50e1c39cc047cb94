package dev.emporium.chaos.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.emporium.chaos.load.Load;
import dev.emporium.chaos.load.Outcome;
import dev.emporium.chaos.load.RouteClass;
import dev.emporium.chaos.load.Shop;
import dev.emporium.chaos.load.Timeline;
import dev.emporium.chaos.load.Window;

/**
 * Scenario 7: a whole gateway instance ({@code gateway-1}) SIGKILLed under load: the edge's nginx passes the
 * requests it had in flight, and the next ones, to the other gateway, so no idempotent request fails.
 */
public final class KillGateway extends UnderLoad<Recoveries> {

    static final String VICTIM = "gateway-1";

    @Override
    public String name() {
        return "kill-gateway";
    }

    @Override
    public String criterion() {
        return "SIGKILL gateway-1: nginx routes around it, no failed idempotent request";
    }

    @Override
    Recoveries drive(Chaos chaos, Load load, Shop shop) throws InterruptedException {
        hold(chaos.settings().quiet());
        double back = Recoveries.killAndAwait(chaos.control(), load.timeline(), VICTIM, chaos);
        hold(chaos.settings().quiet());
        return new Recoveries(Map.of(VICTIM, back));
    }

    @Override
    Verdict judge(Timeline timeline, Recoveries recoveries) {
        Window run = timeline.whole();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("recoverySeconds", recoveries.seconds());
        figures.put("checkoutsAttempted", run.attempted(RouteClass.CHECKOUT));
        figures.put("checkoutsFailed", run.failed(RouteClass.CHECKOUT));
        figures.put("connectionErrors", run.count(Outcome.CONNECTION_ERROR));
        return new Verdict(List.of(
                Check.none("failed idempotent requests (browse, search, cart)", run.failed(KillInstances.idempotent())),
                Check.that("gateway-1 UP again", Double.isFinite(recoveries.slowest()),
                        Check.format(recoveries.slowest()) + " s", "finite")),
                figures);
    }
}
