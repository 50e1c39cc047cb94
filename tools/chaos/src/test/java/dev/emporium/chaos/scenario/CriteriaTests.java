package dev.emporium.chaos.scenario;

import java.util.List;
import java.util.Map;

import dev.emporium.chaos.load.Outcome;
import dev.emporium.chaos.load.RouteClass;
import dev.emporium.chaos.load.Timeline;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each scenario's criterion, judged on made-up timelines: what passes, and each way it fails. */
class CriteriaTests {

    static final long START = 5_000_000_000_000L;

    /** A timeline of {@code seconds} seconds, each with the whole mix's 20 operations succeeding in {@code millis}. */
    static Timeline healthy(int seconds, double millis) {
        Timeline timeline = new Timeline(START);
        for (int second = 0; second < seconds; second++) {
            fill(timeline, second, millis);
        }
        return timeline;
    }

    static void fill(Timeline timeline, int second, double millis) {
        int[] weights = { 14, 2, 3, 1 };
        for (RouteClass routeClass : RouteClass.values()) {
            for (int i = 0; i < weights[routeClass.ordinal()]; i++) {
                record(timeline, routeClass, Outcome.OK_2XX, second, millis);
            }
        }
    }

    static void record(Timeline timeline, RouteClass routeClass, Outcome outcome, int second, double millis) {
        timeline.record(routeClass, outcome, START + second * 1_000_000_000L + 1, Math.round(millis * 1e6));
    }

    static List<String> failedChecks(Verdict verdict) {
        return verdict.checks().stream().filter(check -> !check.passed()).map(Check::name).toList();
    }

    @Test
    void killInstances() {
        KillInstances scenario = new KillInstances();
        Recoveries fast = new Recoveries(Map.of("catalog-1", 6.2, "cart-1", 7.0));
        assertThat(scenario.judge(healthy(30, 20), fast).passed()).isTrue();

        Timeline cleanRefusal = healthy(30, 20);
        record(cleanRefusal, RouteClass.BROWSE, Outcome.PROBLEM_503, 10, 3);
        assertThat(failedChecks(scenario.judge(cleanRefusal, fast)))
            .containsExactly("failed idempotent requests (browse, search, cart)");

        Timeline dirtyCheckout = healthy(30, 20);
        record(dirtyCheckout, RouteClass.CHECKOUT, Outcome.SERVER_5XX, 10, 3);
        assertThat(failedChecks(scenario.judge(dirtyCheckout, fast))).containsExactly(
                "failed checkouts (after the client's retries)", "failures other than a clean 503 problem");

        // One clean checkout failure in 1,001 is under 0.1%.
        Timeline oneInAThousand = healthy(1000, 20);
        record(oneInAThousand, RouteClass.CHECKOUT, Outcome.PROBLEM_503, 10, 3);
        assertThat(scenario.judge(oneInAThousand, fast).passed()).isTrue();

        assertThat(failedChecks(scenario.judge(healthy(30, 20), new Recoveries(Map.of("catalog-1", 10.4)))))
            .containsExactly("slowest instance UP again");
        assertThat(scenario.judge(healthy(30, 20), new Recoveries(Map.of("catalog-1", Double.POSITIVE_INFINITY))).passed())
            .isFalse();
    }

    @Test
    void killReplicaAndKillGatewayAllowNoFailedRead() {
        Recoveries back = new Recoveries(Map.of("pg-main-replica-1", 2.0));
        assertThat(new KillReplica().judge(healthy(20, 10), back).passed()).isTrue();
        assertThat(new KillGateway().judge(healthy(20, 10), back).passed()).isTrue();
        Timeline timeout = healthy(20, 10);
        record(timeout, RouteClass.CART, Outcome.TIMEOUT, 5, 2000);
        assertThat(new KillReplica().judge(timeout, back).passed()).isFalse();
        assertThat(new KillGateway().judge(timeout, back).passed()).isFalse();
        // A failed checkout is the kill-gateway criterion's business only as a figure.
        Timeline checkout = healthy(20, 10);
        record(checkout, RouteClass.CHECKOUT, Outcome.CONNECTION_ERROR, 5, 20);
        assertThat(new KillGateway().judge(checkout, back).passed()).isTrue();
        assertThat(new KillGateway().judge(checkout, back).figures()).containsEntry("checkoutsFailed", 1L);
    }

    @Test
    void redisDownBoundsTheCatalogP99() {
        RedisDown scenario = new RedisDown();
        Outage outage = new Outage(10, 40, 50);
        Timeline slower = new Timeline(START);
        for (int second = 0; second < 50; second++) {
            fill(slower, second, second >= 10 && second < 40 ? 900 : 40);
        }
        Verdict verdict = scenario.judge(slower, outage);
        assertThat(verdict.passed()).isTrue();
        assertThat((double) verdict.figures().get("catalogP99DuringMs")).isBetween(890.0, 910.0);

        Timeline tooSlow = new Timeline(START);
        for (int second = 0; second < 50; second++) {
            fill(tooSlow, second, second >= 10 && second < 40 ? 1500 : 40);
        }
        assertThat(failedChecks(scenario.judge(tooSlow, outage))).containsExactly("catalog p99 during the outage");

        Timeline failed = healthy(50, 40);
        record(failed, RouteClass.SEARCH, Outcome.SERVER_5XX, 20, 30);
        assertThat(failedChecks(scenario.judge(failed, outage))).containsExactly("failed catalog requests (browse, search)");
    }

    @Test
    void rabbitmqDownWantsEveryOrderFinal() {
        RabbitmqDown scenario = new RabbitmqDown();
        Outage outage = new Outage(10, 40, 50);
        Map<String, String> done = Map.of("o1", "CONFIRMED", "o2", "CANCELLED");
        assertThat(scenario.judge(healthy(50, 30), new RabbitmqDown.Marks(outage, 2, done, 4.5)).passed()).isTrue();
        assertThat(failedChecks(scenario.judge(healthy(50, 30),
                new RabbitmqDown.Marks(outage, 2, Map.of("o1", "CONFIRMED", "o2", "PENDING"), Double.POSITIVE_INFINITY))))
            .containsExactly("orders not CONFIRMED or CANCELLED after the bound", "last order final after the broker's return");
        Timeline refused = healthy(50, 30);
        record(refused, RouteClass.CHECKOUT, Outcome.PROBLEM_503, 20, 30);
        assertThat(failedChecks(scenario.judge(refused, new RabbitmqDown.Marks(outage, 2, done, 4.5))))
            .containsExactly("checkouts during the outage not accepted");
        assertThat(failedChecks(scenario.judge(healthy(50, 30), new RabbitmqDown.Marks(outage, 0, Map.of(), 0))))
            .containsExactly("checkouts during the outage");
    }

    @Test
    void slowServiceKeepsTheOtherRoutesWithin20PercentOfTheirBaseline() {
        SlowService scenario = new SlowService();
        Outage outage = new Outage(10, 30, 35);
        Timeline timeline = new Timeline(START);
        for (int second = 0; second < 35; second++) {
            // Browse and search at 100 ms before, 115 ms while cart is slow (+15%); cart itself fails fast.
            double millis = second >= 10 && second < 30 ? 115 : 100;
            for (int i = 0; i < 16; i++) {
                record(timeline, i < 14 ? RouteClass.BROWSE : RouteClass.SEARCH, Outcome.OK_2XX, second, millis);
            }
            record(timeline, RouteClass.CART, second >= 10 && second < 30 ? Outcome.PROBLEM_503 : Outcome.OK_2XX, second, 5);
        }
        SlowService.Marks open = new SlowService.Marks(outage, List.of("gateway-1: cart"), 2.5, 40, 45);
        assertThat(scenario.judge(timeline, open).passed()).isTrue();

        assertThat(failedChecks(scenario.judge(timeline, new SlowService.Marks(outage, List.of(), Double.NaN, 40, 45))))
            .containsExactly("a caller's breaker for cart opened");
        assertThat(failedChecks(scenario.judge(timeline, new SlowService.Marks(outage, List.of("gateway-1: cart"), 2.5, 40, 200))))
            .containsExactly("gateways' live threads bounded");

        Timeline slower = new Timeline(START);
        for (int second = 0; second < 35; second++) {
            fill(slower, second, second >= 10 && second < 30 ? 125 : 100);
        }
        assertThat(failedChecks(scenario.judge(slower, open))).containsExactly("browse and search p99 while slow");
    }

    @Test
    void overloadWantsGoodputAndFastRefusals() {
        Overload scenario = new Overload();
        CapacitySearch.Result search = new CapacitySearch.Result(
                List.of(new CapacitySearch.Step(20, 20, 80, 0, 0, 5), new CapacitySearch.Step(30, 30, 300, 0, 5, 10)), 20);
        Timeline timeline = new Timeline(START);
        for (int second = 10; second < 30; second++) {
            // 60/s arrive: 18 served, 42 shed in a few milliseconds.
            for (int i = 0; i < 60; i++) {
                record(timeline, RouteClass.BROWSE, i < 18 ? Outcome.OK_2XX : Outcome.PROBLEM_503, second, i < 18 ? 200 : 4);
            }
        }
        Overload.Marks marks = new Overload.Marks(search, 60, 10, 30);
        assertThat(scenario.judge(timeline, marks).passed()).isTrue();

        Timeline slowRefusals = new Timeline(START);
        Timeline lowGoodput = new Timeline(START);
        Timeline servedWhole = new Timeline(START);
        for (int second = 10; second < 30; second++) {
            for (int i = 0; i < 60; i++) {
                record(slowRefusals, RouteClass.BROWSE, i < 18 ? Outcome.OK_2XX : Outcome.PROBLEM_503, second, i < 18 ? 200 : 900);
                record(lowGoodput, RouteClass.BROWSE, i < 10 ? Outcome.OK_2XX : Outcome.TIMEOUT, second, i < 10 ? 200 : 2000);
                record(servedWhole, RouteClass.BROWSE, Outcome.OK_2XX, second, 200);
            }
        }
        assertThat(failedChecks(scenario.judge(slowRefusals, marks))).containsExactly("p99 of the refusals (503, 429)");
        assertThat(failedChecks(scenario.judge(lowGoodput, marks)))
            .containsExactly("goodput at 3× capacity", Overload.REFUSALS_CHECK);
        // All of 3× the capacity served: nothing was shed, so the scenario proved nothing about shedding.
        assertThat(failedChecks(scenario.judge(servedWhole, marks))).containsExactly(Overload.REFUSALS_CHECK);
    }

    @Test
    void theCapacityIsTheHighestGoodStep() {
        Timeline timeline = new Timeline(START);
        for (int second = 0; second < 5; second++) {
            for (int i = 0; i < 20; i++) {
                record(timeline, RouteClass.BROWSE, Outcome.OK_2XX, second, 100);
            }
        }
        for (int second = 5; second < 10; second++) {
            for (int i = 0; i < 30; i++) {
                record(timeline, RouteClass.BROWSE, i == 0 ? Outcome.TIMEOUT : Outcome.OK_2XX, second, 100);
            }
        }
        CapacitySearch.Step good = CapacitySearch.step(timeline, 20, 0, 5);
        CapacitySearch.Step bad = CapacitySearch.step(timeline, 30, 5, 10);
        assertThat(good.good()).isTrue();
        assertThat(good.goodput()).isEqualTo(20);
        // One error in 30 is over 1%.
        assertThat(bad.good()).isFalse();
        assertThat(CapacitySearch.capacity(List.of(good, bad))).isEqualTo(20);
        assertThat(CapacitySearch.capacity(List.of(bad))).isZero();
    }

    @Test
    void aVerdictWithoutChecksDoesNotPass() {
        assertThat(new Verdict(List.of(), Map.of()).passed()).isFalse();
    }
}
