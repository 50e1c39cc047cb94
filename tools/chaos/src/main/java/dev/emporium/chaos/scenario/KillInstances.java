package dev.emporium.chaos.scenario;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.emporium.chaos.control.ProcessStatus;
import dev.emporium.chaos.load.Load;
import dev.emporium.chaos.load.Outcome;
import dev.emporium.chaos.load.RouteClass;
import dev.emporium.chaos.load.Shop;
import dev.emporium.chaos.load.Timeline;
import dev.emporium.chaos.load.Window;

/**
 * Scenario 1: instance 1 of every service but the gateway (the kill-gateway scenario's) SIGKILLed in turn under
 * load, each awaited UP again before the next. The other instance must carry its traffic: the callers' retries of
 * idempotent calls and their balancers' health make the loss invisible to reads; a checkout in flight on the killed
 * instance may fail, cleanly, and its client's retry with the same Idempotency-Key must then succeed.
 */
public final class KillInstances extends UnderLoad<Recoveries> {

    static final double MAX_FAILED_CHECKOUT_RATIO = 0.001;

    static final double MAX_RECOVERY_SECONDS = 10;

    /** Between two kills, so the balancers have seen the previous instance back. */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    @Override
    public String name() {
        return "kill-instances";
    }

    @Override
    public String criterion() {
        return "SIGKILL instance 1 of each service in turn: no failed idempotent request, under 0.1% failed checkouts, "
                + "every failure a clean 503 problem, every instance UP again within 10 s";
    }

    @Override
    Recoveries drive(Chaos chaos, Load load, Shop shop) throws InterruptedException {
        List<String> victims = chaos.control().processes(process -> "service".equals(process.kind())
                && process.name().endsWith("-1") && !"gateway".equals(process.service()))
            .stream()
            .map(ProcessStatus::name)
            .toList();
        if (victims.isEmpty()) {
            throw new IllegalStateException("the cluster lists no service instance to kill");
        }
        hold(chaos.settings().quiet());
        Map<String, Double> recoveries = new LinkedHashMap<>();
        for (String victim : victims) {
            recoveries.put(victim, Recoveries.killAndAwait(chaos.control(), load.timeline(), victim, chaos));
            hold(SETTLE);
        }
        hold(chaos.settings().quiet());
        return new Recoveries(recoveries);
    }

    @Override
    Verdict judge(Timeline timeline, Recoveries recoveries) {
        Window run = timeline.whole();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("recoverySeconds", recoveries.seconds());
        figures.put("checkoutsAttempted", run.attempted(RouteClass.CHECKOUT));
        figures.put("checkoutsFailed", run.failed(RouteClass.CHECKOUT));
        figures.put("refusals503", run.count(Outcome.PROBLEM_503));
        return new Verdict(List.of(
                Check.none("failed idempotent requests (browse, search, cart)", run.failed(idempotent())),
                Check.below("failed checkouts (after the client's retries)", run.errorRatio(RouteClass.CHECKOUT) * 100,
                        MAX_FAILED_CHECKOUT_RATIO * 100, " %"),
                Check.none("failures other than a clean 503 problem", run.failedOtherThan503Problem()),
                Check.atMost("slowest instance UP again", recoveries.slowest(), MAX_RECOVERY_SECONDS, " s")),
                figures);
    }

    static RouteClass[] idempotent() {
        return java.util.Arrays.stream(RouteClass.values()).filter(RouteClass::idempotent).toArray(RouteClass[]::new);
    }
}
