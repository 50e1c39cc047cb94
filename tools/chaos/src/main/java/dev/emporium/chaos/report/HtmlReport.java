package dev.emporium.chaos.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import dev.emporium.chaos.load.FaultEvent;
import dev.emporium.chaos.load.Outcome;
import dev.emporium.chaos.load.RouteClass;
import dev.emporium.chaos.scenario.Check;
import org.jspecify.annotations.Nullable;

/**
 * The report as one self-contained HTML page: the verdict and its checks, the figures, the totals per route class,
 * and three inline SVG charts over the run's seconds (rate, failures by outcome, p99 by class) with the fault events
 * as numbered vertical lines. No script, no stylesheet or font from elsewhere: it opens from a CI artifact as is.
 */
final class HtmlReport {

    private static final int WIDTH = 960;

    private static final int HEIGHT = 200;

    private static final int LEFT = 56;

    private static final int RIGHT = 16;

    private static final int TOP = 12;

    private static final int BOTTOM = 24;

    private static final String[] PALETTE = { "#1f77b4", "#2ca02c", "#d62728", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f" };

    private HtmlReport() {
    }

    /** One line of a chart: its name, colour and a value per second (null: nothing measured that second). */
    record Series(String name, String color, List<@Nullable Double> values) {
    }

    static String render(Report report, String json) {
        StringBuilder html = new StringBuilder(64 * 1024);
        boolean passed = "PASS".equals(report.result());
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
            .append(escape(report.scenario())).append(" — ").append(report.result()).append("</title>\n<style>")
            .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1000px}")
            .append("h1 .verdict{padding:2px 10px;border-radius:4px;color:#fff}")
            .append(".pass{background:#2ca02c}.fail{background:#d62728}")
            .append("table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}")
            .append("td.num{text-align:right;font-variant-numeric:tabular-nums}")
            .append("svg{display:block;margin:4px 0 16px;background:#fafafa;border:1px solid #eee}")
            .append(".legend span{margin-right:14px}.swatch{display:inline-block;width:12px;height:3px;vertical-align:middle;margin-right:4px}")
            .append("</style></head><body>\n");
        html.append("<h1>").append(escape(report.scenario())).append(" <span class=\"verdict ")
            .append(passed ? "pass" : "fail").append("\">").append(report.result()).append("</span></h1>\n");
        html.append("<p>").append(escape(report.criterion())).append("</p>\n");
        html.append("<p>Started ").append(escape(report.startedAt())).append(", ").append(report.seconds())
            .append(" s, arrivals at ").append(Check.format(report.rate())).append("/s (open model).</p>\n");

        html.append("<h2>Criterion</h2>\n<table><tr><th></th><th>check</th><th>measured</th><th>limit</th></tr>\n");
        for (Check check : report.checks()) {
            html.append("<tr><td class=\"").append(check.passed() ? "pass" : "fail").append("\" style=\"color:#fff\">")
                .append(check.passed() ? "PASS" : "FAIL").append("</td><td>").append(escape(check.name()))
                .append("</td><td class=\"num\">").append(escape(check.measured())).append("</td><td class=\"num\">")
                .append(escape(check.limit())).append("</td></tr>\n");
        }
        html.append("</table>\n<h2>Figures</h2>\n<table>\n");
        report.figures().forEach((name, value) -> html.append("<tr><th>").append(escape(name)).append("</th><td>")
            .append(escape(String.valueOf(value))).append("</td></tr>\n"));
        html.append("</table>\n");

        html.append("<h2>Totals</h2>\n<table><tr><th>class</th><th>attempted</th><th>succeeded</th><th>failed</th>")
            .append("<th>outcomes</th><th>p50 ms</th><th>p99 ms</th><th>max ms</th></tr>\n");
        report.totals().forEach((name, stats) -> html.append("<tr><th>").append(escape(name)).append("</th>")
            .append(cell(stats.attempted())).append(cell(stats.succeeded())).append(cell(stats.failed()))
            .append("<td>").append(escape(outcomes(stats.outcomes()))).append("</td>")
            .append(cell(stats.p50Ms())).append(cell(stats.p99Ms())).append(cell(stats.maxMs())).append("</tr>\n"));
        html.append("</table>\n");

        html.append("<h2>Timeline</h2>\n");
        html.append("<h3>Arrivals and successes per second</h3>\n");
        chart(html, List.of(series(report, "attempted", PALETTE[0], stats -> (double) stats.get("all").attempted()),
                series(report, "succeeded", PALETTE[1], stats -> (double) stats.get("all").succeeded())), report.events(), "/s");
        html.append("<h3>Failures per second, by outcome</h3>\n");
        List<Series> failures = new ArrayList<>();
        int color = 2;
        for (Outcome outcome : Outcome.values()) {
            if (outcome.success() || !report.totals().get("all").outcomes().containsKey(outcome.key())) {
                continue;
            }
            failures.add(series(report, outcome.label(), PALETTE[color++ % PALETTE.length],
                    stats -> (double) stats.get("all").outcomes().getOrDefault(outcome.key(), 0L)));
        }
        if (failures.isEmpty()) {
            html.append("<p>No failure in the whole run.</p>\n");
        }
        else {
            chart(html, failures, report.events(), "/s");
        }
        html.append("<h3>p99 latency per route class (ms, from the intended start)</h3>\n");
        List<Series> latencies = new ArrayList<>();
        for (RouteClass routeClass : RouteClass.values()) {
            latencies.add(series(report, routeClass.label(), PALETTE[routeClass.ordinal() % PALETTE.length],
                    stats -> stats.get(routeClass.label()).p99Ms()));
        }
        chart(html, latencies, report.events(), " ms");

        html.append("<h2>Events</h2>\n<table><tr><th>#</th><th>at</th><th>what</th></tr>\n");
        for (int i = 0; i < report.events().size(); i++) {
            FaultEvent event = report.events().get(i);
            html.append("<tr><td class=\"num\">").append(i + 1).append("</td><td class=\"num\">")
                .append(String.format(Locale.ROOT, "%.1f s", event.atSeconds())).append("</td><td>")
                .append(escape(event.text())).append("</td></tr>\n");
        }
        html.append("</table>\n");
        html.append("<h2>First failures</h2>\n");
        if (report.failureSamples().isEmpty()) {
            html.append("<p>None.</p>\n");
        }
        else {
            html.append("<table><tr><th>at</th><th>class</th><th>request</th><th>status</th><th>outcome</th><th>body</th></tr>\n");
            for (var failure : report.failureSamples()) {
                html.append("<tr><td class=\"num\">").append(String.format(Locale.ROOT, "%.3f s", failure.atSeconds()))
                    .append("</td><td>").append(escape(failure.routeClass())).append("</td><td>").append(escape(failure.request()))
                    .append("</td><td class=\"num\">").append(failure.status()).append("</td><td>").append(escape(failure.outcome()))
                    .append("</td><td><code>").append(escape(failure.body())).append("</code></td></tr>\n");
            }
            html.append("</table>\n");
        }
        html.append("<h2>Raw data</h2>\n<details><summary>report.json</summary><pre>").append(escape(json))
            .append("</pre></details>\n</body></html>\n");
        return html.toString();
    }

    private static Series series(Report report, String name, String color,
            Function<Map<String, Report.Stats>, @Nullable Double> value) {
        List<@Nullable Double> values = new ArrayList<>();
        for (Report.Second second : report.timeline()) {
            values.add(value.apply(second.classes()));
        }
        return new Series(name, color, values);
    }

    /** A line chart of {@code series} over the seconds, the events as numbered dashed lines. */
    static void chart(StringBuilder html, List<Series> series, List<FaultEvent> events, String unit) {
        int seconds = series.stream().mapToInt(line -> line.values().size()).max().orElse(0);
        double max = 0;
        for (Series line : series) {
            for (Double value : line.values()) {
                if (value != null) {
                    max = Math.max(max, value);
                }
            }
        }
        double top = niceCeiling(max);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        double span = Math.max(1, seconds - 1);
        html.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
            .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\">\n");
        for (int i = 0; i <= 4; i++) {
            double y = TOP + plotHeight - plotHeight * i / 4.0;
            html.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>%n",
                    LEFT, y, WIDTH - RIGHT, y, LEFT - 4, y + 4, escape(Check.format(top * i / 4) + unit)));
        }
        int tick = Math.max(1, (int) niceCeiling(seconds / 10.0));
        for (int second = 0; second < seconds; second += tick) {
            double x = LEFT + plotWidth * second / span;
            html.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d s</text>%n",
                    x, HEIGHT - 6, second));
        }
        for (int i = 0; i < events.size(); i++) {
            double x = LEFT + plotWidth * Math.min(span, events.get(i).atSeconds()) / span;
            html.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#d62728\" stroke-dasharray=\"4 3\"><title>%s</title></line>"
                    + "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#d62728\">%d</text>%n",
                    x, TOP, x, TOP + plotHeight, escape(events.get(i).text()), x + 2, TOP + 10, i + 1));
        }
        for (Series line : series) {
            StringBuilder points = new StringBuilder();
            for (int second = 0; second < line.values().size(); second++) {
                Double value = line.values().get(second);
                if (value == null) {
                    flush(html, points, line.color());
                    continue;
                }
                double x = LEFT + plotWidth * second / span;
                double y = TOP + plotHeight - (top == 0 ? 0 : plotHeight * value / top);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            flush(html, points, line.color());
        }
        html.append("</svg>\n<p class=\"legend\">");
        for (Series line : series) {
            html.append("<span><i class=\"swatch\" style=\"background:").append(line.color()).append("\"></i>")
                .append(escape(line.name())).append("</span>");
        }
        html.append("</p>\n");
    }

    private static void flush(StringBuilder html, StringBuilder points, String color) {
        if (!points.isEmpty()) {
            html.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(color).append("\" points=\"")
                .append(points.toString().strip()).append("\"/>\n");
            points.setLength(0);
        }
    }

    /** The smallest of 1, 2, 2.5, 5 times a power of ten at or above {@code value} (1 for 0). */
    static double niceCeiling(double value) {
        if (!(value > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] { 1, 2, 2.5, 5, 10 }) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String cell(@Nullable Object value) {
        String text = value == null ? "–" : value instanceof Double number ? Check.format(number) : value.toString();
        return "<td class=\"num\">" + escape(text) + "</td>";
    }

    private static String outcomes(Map<String, Long> outcomes) {
        StringBuilder text = new StringBuilder();
        outcomes.forEach((key, count) -> text.append(text.isEmpty() ? "" : ", ").append(key).append(' ').append(count));
        return text.toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
