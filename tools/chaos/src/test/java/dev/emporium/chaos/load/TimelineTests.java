package dev.emporium.chaos.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TimelineTests {

    static final long START = 1_000_000_000_000L;

    static long at(double seconds) {
        return START + Math.round(seconds * 1e9);
    }

    static long millis(double millis) {
        return Math.round(millis * 1e6);
    }

    @Test
    void putsEachOperationInTheSecondOfItsIntendedStart() {
        Timeline timeline = new Timeline(START);
        timeline.record(RouteClass.BROWSE, Outcome.OK_2XX, at(0.0), millis(10));
        timeline.record(RouteClass.BROWSE, Outcome.OK_2XX, at(0.999), millis(10));
        // Answered in second 3, but wanted in second 1: it belongs to second 1.
        timeline.record(RouteClass.SEARCH, Outcome.TIMEOUT, at(1.5), millis(2_000));
        timeline.record(RouteClass.CHECKOUT, Outcome.PROBLEM_503, at(4.2), millis(3));

        assertThat(timeline.length()).isEqualTo(5);
        assertThat(timeline.window(0, 1).attempted()).isEqualTo(2);
        assertThat(timeline.window(1, 2).attempted(RouteClass.SEARCH)).isEqualTo(1);
        assertThat(timeline.window(1, 2).count(Outcome.TIMEOUT)).isEqualTo(1);
        assertThat(timeline.window(2, 4).attempted()).isZero();
        assertThat(timeline.window(4, 5).failed(RouteClass.CHECKOUT)).isEqualTo(1);
        assertThat(timeline.secondOf(at(-0.5))).isEqualTo(-1);
    }

    @Test
    void windowsAddTheirSecondsUp() {
        Timeline timeline = new Timeline(START);
        for (int second = 0; second < 10; second++) {
            for (int i = 0; i < 10; i++) {
                timeline.record(RouteClass.BROWSE, second == 5 && i < 3 ? Outcome.SERVER_5XX : Outcome.OK_2XX,
                        at(second + i / 10.0), millis(1 + i));
            }
            timeline.record(RouteClass.CART, Outcome.OK_2XX, at(second), millis(50));
        }
        Window all = timeline.whole();
        assertThat(all.seconds()).isEqualTo(10);
        assertThat(all.attempted()).isEqualTo(110);
        assertThat(all.succeeded()).isEqualTo(107);
        assertThat(all.failed(RouteClass.BROWSE)).isEqualTo(3);
        assertThat(all.failedOtherThan503Problem()).isEqualTo(3);
        assertThat(all.errorRatio(RouteClass.BROWSE)).isCloseTo(0.03, within(1e-9));
        assertThat(all.goodput()).isCloseTo(10.7, within(1e-9));
        assertThat(all.arrivalRate(RouteClass.CART)).isCloseTo(1, within(1e-9));
        assertThat(timeline.window(6, 10).failed()).isZero();
        assertThat(timeline.perSecond(0, 10)).hasSize(10).allSatisfy(second -> assertThat(second.attempted()).isEqualTo(11));
    }

    @Test
    void percentilesAreThoseOfTheRecordedLatenciesWithinTwoDigits() {
        Timeline timeline = new Timeline(START);
        for (int i = 1; i <= 1000; i++) {
            timeline.record(RouteClass.BROWSE, Outcome.OK_2XX, at(i / 1000.0), millis(i));
        }
        timeline.record(RouteClass.SEARCH, Outcome.OK_2XX, at(0.5), millis(5_000));
        Window window = timeline.whole();
        assertThat(window.percentileMillis(50, RouteClass.BROWSE)).isCloseTo(500, within(5.0));
        assertThat(window.percentileMillis(99, RouteClass.BROWSE)).isCloseTo(990, within(10.0));
        assertThat(window.maxMillis(RouteClass.BROWSE)).isCloseTo(1000, within(10.0));
        assertThat(window.maxMillis()).isCloseTo(5000, within(50.0));
        assertThat(window.percentileMillis(99, RouteClass.CHECKOUT)).isNaN();
    }

    @Test
    void keepsTheRefusalsLatenciesApart() {
        Timeline timeline = new Timeline(START);
        for (int i = 0; i < 100; i++) {
            timeline.record(RouteClass.BROWSE, Outcome.OK_2XX, at(0.1), millis(400));
            timeline.record(RouteClass.SEARCH, i < 50 ? Outcome.PROBLEM_503 : Outcome.RATE_LIMITED_429, at(0.2), millis(2 + i % 5));
        }
        Window window = timeline.whole();
        assertThat(window.refusals()).isEqualTo(100);
        assertThat(window.refusalPercentileMillis(99)).isCloseTo(6, within(0.1));
        assertThat(window.percentileMillis(99)).isCloseTo(400, within(4.0));
        assertThat(new Timeline(START).whole().refusalPercentileMillis(99)).isNaN();
    }

    @Test
    void timesARefusalByTheRefusedRequestAloneNotTheOperation() {
        Timeline timeline = new Timeline(START);
        // A cart operation: its PUT served in 400 ms, then its GET refused in 3 ms.
        timeline.record(RouteClass.CART, Outcome.PROBLEM_503, at(0.1), millis(403), millis(3));
        Window window = timeline.whole();
        assertThat(window.refusalPercentileMillis(99)).isCloseTo(3, within(0.1));
        assertThat(window.percentileMillis(99, RouteClass.CART)).isCloseTo(403, within(4.0));
    }

    @Test
    void marksEventsInSecondsSinceTheStart() {
        Timeline timeline = new Timeline(START);
        timeline.event(at(6.24), "kill catalog-1");
        timeline.event(at(12.46), "catalog-1 UP again after 6.2 s");
        assertThat(timeline.events()).containsExactly(new FaultEvent(6.2, "kill catalog-1"),
                new FaultEvent(12.5, "catalog-1 UP again after 6.2 s"));
    }
}
