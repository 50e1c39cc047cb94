package dev.emporium.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.emporium.chaos.control.ControlApi;
import dev.emporium.chaos.control.ProcessStatus;
import dev.emporium.chaos.load.Load;
import dev.emporium.chaos.load.Shop;
import dev.emporium.chaos.report.ReportWriter;
import dev.emporium.chaos.scenario.CapacitySearch;
import dev.emporium.chaos.scenario.Chaos;
import dev.emporium.chaos.scenario.RunSettings;
import dev.emporium.chaos.scenario.Scenario;
import dev.emporium.chaos.scenario.ScenarioResult;
import dev.emporium.chaos.scenario.Scenarios;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./emporium chaos SCENARIO|all|capacity|hops [--rate R] [--duration D] [--instances N] [--capacity C]}: runs
 * against the cluster that {@code ./emporium cluster up} started (found through {@code var/cluster/supervisor.json}),
 * writes each scenario's report under {@code var/chaos/}, and exits 1 if a scenario failed its criterion, 2 on a
 * usage error or when no cluster runs.
 */
public final class ChaosCommand {

    static final String USAGE = "usage: ./emporium chaos SCENARIO|all|capacity|hops [--rate R] [--duration D] [--instances N]"
            + " [--capacity C]\n"
            + "  scenarios: " + String.join(", ", Scenarios.names()) + "\n"
            + "  --rate R       arrivals per second of the shop mix (default 2; overload starts its search there)\n"
            + "  --duration D   the quiet phases before and after each fault, e.g. 10s or 1m (default 10s)\n"
            + "  --instances N  capacity only: scale every service to N instances first (1 or 2)\n"
            + "  --capacity C   overload only: drive 3× C, a capacity measured with chaos capacity, instead of searching";

    /** The parsed command line. */
    record Arguments(String command, RunSettings settings, @Nullable Integer instances) {

        static Arguments parse(String[] args) {
            if (args.length == 0) {
                throw new IllegalArgumentException("no scenario given");
            }
            String command = args[0];
            if (!command.equals("all") && !command.equals("capacity") && !command.equals("hops")
                    && Scenarios.named(command).isEmpty()) {
                throw new IllegalArgumentException("unknown scenario " + command);
            }
            RunSettings defaults = RunSettings.defaults();
            double rate = defaults.rate();
            Duration quiet = defaults.quiet();
            @Nullable Integer instances = null;
            @Nullable Double capacity = null;
            for (int i = 1; i < args.length; i++) {
                String option = args[i];
                String value = option.contains("=") ? option.substring(option.indexOf('=') + 1)
                        : i + 1 < args.length ? args[++i] : "";
                String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
                try {
                    switch (name) {
                        case "--rate" -> rate = Double.parseDouble(value);
                        case "--duration" -> quiet = duration(value);
                        case "--instances" -> instances = Integer.valueOf(value);
                        case "--capacity" -> capacity = Double.valueOf(value);
                        default -> throw new IllegalArgumentException("unknown option " + name);
                    }
                }
                catch (NumberFormatException ex) {
                    throw new IllegalArgumentException("not a number for " + name + ": " + value);
                }
            }
            if (instances != null && (instances < 1 || instances > 10)) {
                throw new IllegalArgumentException("--instances must be 1 to 10: " + instances);
            }
            if (capacity != null && !command.equals("overload")) {
                throw new IllegalArgumentException("--capacity is for overload only");
            }
            return new Arguments(command, new RunSettings(rate, quiet, RunSettings.OUTAGE, capacity), instances);
        }

        /** {@code 30s}, {@code 2m}, {@code 45} (seconds). */
        static Duration duration(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            if (text.matches("\\d+")) {
                return Duration.ofSeconds(Long.parseLong(text));
            }
            if (text.matches("\\d+(s|m)")) {
                return Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
            }
            throw new IllegalArgumentException("not a duration (30s, 2m): " + value);
        }
    }

    /** Where a running cluster is, from its supervisor's state file. */
    record ClusterAddress(String controlUrl, String edgeUrl) {

        static ClusterAddress read(Path var) {
            Path file = var.resolve("cluster").resolve("supervisor.json");
            if (!Files.isRegularFile(file)) {
                throw new NoCluster("no cluster is running (no " + file + ")");
            }
            try {
                JsonNode state = JsonMapper.builder().build().readTree(Files.readString(file));
                return new ClusterAddress(state.path("controlUrl").asString(), state.path("edgeUrl").asString());
            }
            catch (IOException | RuntimeException ex) {
                throw new NoCluster("cannot read " + file + ": " + ex.getMessage());
            }
        }
    }

    static final class NoCluster extends RuntimeException {

        NoCluster(String message) {
            super(message);
        }
    }

    private ChaosCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, Path.of(System.getProperty("emporium.var", "var")), System.out, System.err));
    }

    /** Runs the command; returns the exit status. */
    static int run(String[] args, Path var, PrintStream out, PrintStream err) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        }
        catch (IllegalArgumentException ex) {
            err.println("emporium chaos: " + ex.getMessage());
            err.println(USAGE);
            return 2;
        }
        ClusterAddress cluster;
        try {
            cluster = ClusterAddress.read(var);
        }
        catch (NoCluster ex) {
            err.println("emporium chaos: " + ex.getMessage() + "; start one with ./emporium cluster up");
            return 2;
        }
        try (ControlApi control = new ControlApi(cluster.controlUrl())) {
            if (!control.reachable()) {
                err.println("emporium chaos: the cluster's supervisor does not answer at " + cluster.controlUrl()
                        + "; start one with ./emporium cluster up");
                return 2;
            }
            Chaos chaos = new Chaos(control, cluster.edgeUrl(), arguments.settings(), Shop.Settings.defaults(), out);
            return switch (arguments.command()) {
                case "hops" -> {
                    Hops.measure(control, cluster.edgeUrl(), 3_000, out);
                    yield 0;
                }
                case "capacity" -> capacity(chaos, arguments.instances()) > 0 ? 0 : 1;
                default -> scenarios(chaos, arguments.command(), var.resolve("chaos"), out);
            };
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return 1;
        }
        catch (RuntimeException ex) {
            err.println("emporium chaos: " + ex.getMessage());
            return 1;
        }
    }

    static int scenarios(Chaos chaos, String command, Path reports, PrintStream out) throws InterruptedException {
        List<Scenario> scenarios = command.equals("all") ? Scenarios.ALL : List.of(Scenarios.named(command).orElseThrow());
        List<String> summary = new ArrayList<>();
        boolean passed = true;
        for (Scenario scenario : scenarios) {
            ScenarioResult result = scenario.run(chaos);
            Path directory = ReportWriter.write(reports, result);
            out.println("   report: " + directory.resolve("report.html").toAbsolutePath());
            summary.add(String.format(Locale.ROOT, "%-15s %s", scenario.name(), result.passed() ? "PASS" : "FAIL"));
            passed &= result.passed();
        }
        out.println();
        summary.forEach(out::println);
        return passed ? 0 : 1;
    }

    /** Prints the capacity of the whole mix (after scaling every service to {@code instances}, if given). */
    static double capacity(Chaos chaos, @Nullable Integer instances) throws InterruptedException {
        ControlApi control = chaos.control();
        if (instances != null) {
            List<String> services = control.processes(process -> process.service() != null).stream()
                .map(ProcessStatus::service).distinct().toList();
            for (String service : services) {
                control.scale(service, instances);
            }
            chaos.log().printf("scaled %d services to %d instances each%n", services.size(), instances);
        }
        control.awaitAllUp(Duration.ofMinutes(5));
        long perService = control.processes(process -> "catalog".equals(process.service())).size();
        try (Shop shop = Shop.open(chaos.edgeUrl(), chaos.shop(), chaos.log());
                Load load = Load.start(shop, chaos.settings().rate())) {
            CapacitySearch.Result result = CapacitySearch.run(load, chaos.settings().rate(), 10, chaos.log());
            chaos.log().printf(Locale.ROOT, "capacity of the mix with %d instances per service: %.0f operations/s "
                    + "at p99 ≤ %.0f ms and < 1%% errors%n", perService, result.capacity(), CapacitySearch.P99_LIMIT_MS);
            return result.capacity();
        }
    }
}
