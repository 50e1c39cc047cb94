package dev.emporium.chaos.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import dev.emporium.chaos.scenario.ScenarioResult;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes a scenario run's report.json and report.html into a directory of its own. */
public final class ReportWriter {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private ReportWriter() {
    }

    /**
     * Writes the reports under {@code root/<scenario>-<UTC timestamp>/} and returns that directory.
     */
    public static Path write(Path root, ScenarioResult result) {
        Path directory = root.resolve(result.scenario() + "-" + STAMP.format(result.startedAt()));
        Report report = Report.of(result);
        String json = JSON.writeValueAsString(report);
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("report.json"), json);
            Files.writeString(directory.resolve("report.html"), HtmlReport.render(report, json));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot write the report to " + directory, ex);
        }
        return directory;
    }
}
