package dev.emporium.chaos.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.emporium.chaos.load.Outcome;
import dev.emporium.chaos.load.RouteClass;
import dev.emporium.chaos.load.Timeline;
import dev.emporium.chaos.scenario.Check;
import dev.emporium.chaos.scenario.ScenarioResult;
import dev.emporium.chaos.scenario.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ReportWriterTests {

    @TempDir
    Path root;

    @Test
    void writesTheJsonAndASelfContainedHtmlPage() throws Exception {
        long start = 1_000_000_000L;
        Timeline timeline = new Timeline(start);
        for (int second = 0; second < 12; second++) {
            for (int i = 0; i < 10; i++) {
                Outcome outcome = second == 6 && i < 2 ? Outcome.PROBLEM_503 : Outcome.OK_2XX;
                timeline.record(i < 7 ? RouteClass.BROWSE : RouteClass.CART, outcome, start + second * 1_000_000_000L, 20_000_000);
            }
        }
        timeline.event(start + 6_000_000_000L, "kill catalog-1");
        timeline.event(start + 9_500_000_000L, "catalog-1 UP again after 3.5 s <fast>");
        Verdict verdict = new Verdict(List.of(new Check("failed idempotent requests", false, "2", "0")),
                Map.of("recoverySeconds", Map.of("catalog-1", 3.5), "never", Double.POSITIVE_INFINITY, "unmeasured", Double.NaN));
        ScenarioResult result = new ScenarioResult("kill-instances", "no failed idempotent request",
                Instant.parse("2026-11-29T06:40:00Z"), 10, verdict, timeline);

        Path directory = ReportWriter.write(this.root, result);

        assertThat(directory.getFileName().toString()).isEqualTo("kill-instances-20261129-064000");
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(directory.resolve("report.json")));
        assertThat(json.path("result").asString()).isEqualTo("FAIL");
        assertThat(json.path("seconds").asInt()).isEqualTo(12);
        assertThat(json.path("timeline")).hasSize(12);
        assertThat(json.path("timeline").path(6).path("classes").path("browse").path("outcomes").path("problem_503").asInt()).isEqualTo(2);
        assertThat(json.path("totals").path("all").path("attempted").asInt()).isEqualTo(120);
        assertThat(json.path("totals").path("checkout").path("p99Ms").isNull()).isTrue();
        assertThat(json.path("totals").path("browse").path("p99Ms").asDouble()).isBetween(19.8, 20.2);
        assertThat(json.path("events").path(0).path("atSeconds").asDouble()).isEqualTo(6.0);
        assertThat(json.path("figures").path("never").asString()).isEqualTo("never");
        assertThat(json.path("figures").path("unmeasured").isNull()).isTrue();
        assertThat(json.path("checks").path(0).path("passed").asBoolean()).isFalse();

        String html = Files.readString(directory.resolve("report.html"));
        assertThat(html).contains("<svg", "<polyline", "FAIL", "kill catalog-1", "&lt;fast&gt;", "stroke-dasharray");
        assertThat(html).doesNotContain("<script", "http://cdn", "https://", "<link");
        assertThat(html.split("<svg", -1)).hasSize(4);
    }

    @Test
    void roundsChartScalesToNiceValues() {
        assertThat(HtmlReport.niceCeiling(0)).isEqualTo(1);
        assertThat(HtmlReport.niceCeiling(7)).isEqualTo(10);
        assertThat(HtmlReport.niceCeiling(180)).isEqualTo(200);
        assertThat(HtmlReport.niceCeiling(230)).isEqualTo(250);
        assertThat(HtmlReport.niceCeiling(0.3)).isEqualTo(0.5);
    }
}
