package dev.emporium.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.emporium.embedded.EmbeddedPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/prometheus} checked by Debian's {@code promtool} (package {@code prometheus}; CI installs it): both
 * scrape configurations and the example targets file of cluster mode are valid, the rule files load, and the
 * rules' unit tests ({@code tests/*.yml}) pass. Each failure shows promtool's output. Then what promtool does not
 * check: every alert has a severity, a summary, a description and a runbook that exists, and is tested both firing
 * and quiet. A missing promtool fails the tests rather than skipping them.
 */
class PrometheusRulesTests {

    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    static final Set<String> SEVERITIES = Set.of("critical", "warning");

    @Test
    void theEmbeddedScrapeConfigurationIsValidAndScrapesEveryServiceAtItsPort() throws Exception {
        Path config = deployDirectory().resolve("prometheus-embedded.yml");
        assertPromtool("check", "config", config.toString());

        Map<String, Object> job = onlyJob(config);
        assertThat(job).containsEntry("metrics_path", "/actuator/prometheus").containsEntry("honor_labels", true);
        Map<String, String> targets = new LinkedHashMap<>();
        for (Map<String, Object> group : maps(job.get("static_configs"))) {
            String service = String.valueOf(((Map<?, ?>) group.get("labels")).get("service"));
            for (Object target : (List<?>) group.get("targets")) {
                targets.put(service, String.valueOf(target));
            }
        }
        assertThat(targets).containsExactlyEntriesOf(EMBEDDED_TARGETS).hasSize(EmbeddedPlatform.SERVICE_COUNT);
    }

    @Test
    void theClusterScrapeConfigurationAndItsExampleTargetsFileAreValid(@TempDir Path directory) throws Exception {
        Path deploy = deployDirectory();
        Map<String, Object> job = onlyJob(deploy.resolve("prometheus-cluster.yml"));
        assertThat(job).containsEntry("metrics_path", "/actuator/prometheus").containsEntry("honor_labels", true)
            .containsKey("file_sd_configs");

        // Where cluster mode will write its targets, the example: promtool then checks the file it would read.
        Files.copy(deploy.resolve("prometheus-cluster.yml"), directory.resolve("prometheus-cluster.yml"));
        copyDirectory(deploy.resolve("rules"), directory.resolve("rules"));
        Files.createDirectories(directory.resolve("targets"));
        Files.copy(deploy.resolve("targets/emporium.json.example"), directory.resolve("targets/emporium.json"));
        String output = assertPromtool("check", "config", directory.resolve("prometheus-cluster.yml").toString());
        assertThat(output).as(output).doesNotContain("WARNING");
    }

    @Test
    void theRuleFilesAreValid() throws Exception {
        List<String> command = new ArrayList<>(List.of("check", "rules"));
        ruleFiles().forEach(file -> command.add(file.toString()));
        assertPromtool(command.toArray(String[]::new));
    }

    @Test
    void everyScrapeConfigurationLoadsEveryRuleFile() throws Exception {
        Set<String> files = new TreeSet<>();
        ruleFiles().forEach(file -> files.add("rules/" + file.getFileName()));
        for (String config : List.of("prometheus-embedded.yml", "prometheus-cluster.yml")) {
            Map<String, Object> loaded = yaml(deployDirectory().resolve(config));
            assertThat(new TreeSet<>(strings(loaded.get("rule_files")))).as(config).isEqualTo(files);
        }
    }

    @Test
    void theRulesPassTheirUnitTests() throws Exception {
        List<String> command = new ArrayList<>(List.of("test", "rules"));
        ruleTests().forEach(file -> command.add(file.toString()));
        assertPromtool(command.toArray(String[]::new));
    }

    @Test
    void everyAlertHasASeverityASummaryADescriptionAndARunbookThatExists() throws Exception {
        Map<String, Map<String, Object>> alerts = alerts();
        assertThat(alerts).isNotEmpty();
        Path root = repositoryRoot();
        alerts.forEach((name, alert) -> {
            Map<?, ?> labels = (Map<?, ?>) alert.getOrDefault("labels", Map.of());
            Map<?, ?> annotations = (Map<?, ?>) alert.getOrDefault("annotations", Map.of());
            assertThat(SEVERITIES).as("%s's severity", name).contains(String.valueOf(labels.get("severity")));
            assertThat(String.valueOf(annotations.get("summary"))).as("%s's summary", name).isNotBlank()
                .isNotEqualTo("null");
            assertThat(String.valueOf(annotations.get("description"))).as("%s's description", name).isNotBlank()
                .isNotEqualTo("null");
            String runbook = String.valueOf(annotations.get("runbook_url"));
            assertThat(runbook).as("%s's runbook", name).startsWith("docs/runbooks/").endsWith(".md");
            assertThat(root.resolve(runbook)).as("%s's runbook", name).isRegularFile();
        });
    }

    @Test
    void everyAlertIsTestedFiringAndQuiet() throws Exception {
        Set<String> firing = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (Path file : ruleTests()) {
            for (Map<String, Object> test : maps(yaml(file).get("tests"))) {
                for (Map<String, Object> check : maps(test.get("alert_rule_test"))) {
                    String alert = String.valueOf(check.get("alertname"));
                    Object expected = check.get("exp_alerts");
                    if (expected instanceof List<?> list && !list.isEmpty()) {
                        firing.add(alert);
                    }
                    else {
                        quiet.add(alert);
                    }
                }
            }
        }
        Set<String> alerts = alerts().keySet();
        assertThat(firing).as("alerts tested firing").containsAll(alerts);
        assertThat(quiet).as("alerts tested quiet").containsAll(alerts);
        assertThat(alerts).as("alerts tested").containsAll(firing).containsAll(quiet);
    }

    /** The embedded mode's services and their default addresses, in port order. */
    static final Map<String, String> EMBEDDED_TARGETS = embeddedTargets();

    private static Map<String, String> embeddedTargets() {
        Map<String, String> targets = new LinkedHashMap<>();
        List<String> services = List.of("gateway", "storefront", "identity", "catalog", "cart", "orders", "inventory",
                "media", "payments", "notifications", "payment-provider");
        for (int i = 0; i < services.size(); i++) {
            targets.put(services.get(i), "127.0.0.1:" + (8080 + i));
        }
        return targets;
    }

    /** Runs promtool with {@code arguments}; fails with its output unless it exits 0. Returns the output. */
    static String assertPromtool(String... arguments) throws Exception {
        assertThat(PROMTOOL).as("Debian's promtool (apt-get install prometheus)").isExecutable();
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(deployDirectory().toFile())
            .redirectErrorStream(true)
            .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("promtool finished").isTrue();
        assertThat(process.exitValue()).as("%s\n%s", String.join(" ", command), output).isZero();
        return output;
    }

    /** Every alerting rule of {@code rules/*.yml}, by name. */
    static Map<String, Map<String, Object>> alerts() {
        Map<String, Map<String, Object>> alerts = new TreeMap<>();
        for (Map<String, Object> rule : rules()) {
            if (rule.containsKey("alert")) {
                assertThat(alerts.put(String.valueOf(rule.get("alert")), rule)).as("alert %s defined twice", rule.get("alert"))
                    .isNull();
            }
        }
        return alerts;
    }

    /** Every rule (recording and alerting) of {@code rules/*.yml}. */
    static List<Map<String, Object>> rules() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Path file : ruleFiles()) {
            for (Map<String, Object> group : maps(yaml(file).get("groups"))) {
                rules.addAll(maps(group.get("rules")));
            }
        }
        return rules;
    }

    static List<Path> ruleFiles() {
        return yamlFiles(deployDirectory().resolve("rules"));
    }

    static List<Path> ruleTests() {
        return yamlFiles(deployDirectory().resolve("tests"));
    }

    static Map<String, Object> yaml(Path file) {
        try {
            return new Yaml().load(Files.readString(file));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object list) {
        return list == null ? List.of() : (List<Map<String, Object>>) list;
    }

    static List<String> strings(Object list) {
        return list == null ? List.of() : ((List<?>) list).stream().map(String::valueOf).toList();
    }

    /** {@code deploy/prometheus} of this repository. */
    static Path deployDirectory() {
        return repositoryRoot().resolve("deploy/prometheus");
    }

    /** The repository's root: the nearest directory up from the working directory with mvnw and deploy/prometheus. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("deploy/prometheus"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside the repository (no mvnw and deploy/prometheus above "
                + Path.of("").toAbsolutePath() + ")");
    }

    static void copyDirectory(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.sorted().toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                }
                else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static Map<String, Object> onlyJob(Path config) {
        List<Map<String, Object>> jobs = maps(yaml(config).get("scrape_configs"));
        assertThat(jobs).as("%s's scrape jobs", config.getFileName()).hasSize(1);
        assertThat(jobs.getFirst()).containsEntry("job_name", "emporium");
        return jobs.getFirst();
    }

    private static List<Path> yamlFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".yml")).sorted().toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
