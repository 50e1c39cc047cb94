package dev.emporium.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.emporium.testsupport.ChildProcess;
import dev.emporium.testsupport.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus (Debian's {@code prometheus}; CI installs it) scraping the embedded platform under test with the
 * repository's configuration: {@code deploy/prometheus/prometheus-embedded.yml} rendered with the test platform's
 * ports and a 1 s interval, and the rule files of {@code deploy/prometheus/rules}. Every service is scraped and up,
 * the gateway's requests show in the recorded request rate, every rule evaluates without error, and every dashboard
 * query of {@code deploy/grafana} runs. Prometheus is a child process on a free loopback port with a temporary
 * directory; both are gone after the class, or when the JVM exits.
 */
@ExtendWith(RunningPlatform.Extension.class)
class PrometheusScrapeSystemTests {

    static final JsonMapper json = JsonMapper.builder().build();

    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Prometheus prometheus;

    @BeforeAll
    static void startPrometheus(RunningPlatform platform) {
        prometheus = Prometheus.scraping(platform.serviceUrls());
    }

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void everyServiceIsScrapedAndUp(RunningPlatform platform) {
        Set<String> services = platform.serviceUrls().keySet();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Map<String, String> up = new TreeMap<>();
            for (JsonNode result : prometheus.query("up{job=\"emporium\"}")) {
                up.put(result.get("metric").get("service").asString(), result.get("value").get(1).asString());
            }
            assertThat(up.keySet()).as("targets").containsExactlyInAnyOrderElementsOf(services);
            assertThat(up).as("up, by service\n%s", prometheus.targets()).allSatisfy((service, value) ->
                    assertThat(value).as(service).isEqualTo("1"));
        });
    }

    @Test
    void theGatewaysRequestsShowInTheRecordedRequestRate(RunningPlatform platform) {
        Api api = new Api(platform.gatewayUrl());
        // A request at each poll: a rate needs two scrapes of a counter that went up between them.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            api.get("/api/catalog/categories", null).expect(200);
            List<JsonNode> rate = prometheus.query("service:http_server_requests:rate5m{service=\"gateway\"}");
            assertThat(rate).as("the gateway's recorded request rate").hasSize(1);
            assertThat(rate.getFirst().get("value").get(1).asDouble()).as("requests/s").isPositive();
        });
    }

    @Test
    void everyRuleLoadsAndEvaluatesWithoutError() {
        int rules = PrometheusRulesTests.rules().size();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<String> notOk = new ArrayList<>();
            int loaded = 0;
            for (JsonNode group : prometheus.api("/api/v1/rules").get("groups")) {
                for (JsonNode rule : group.get("rules")) {
                    loaded++;
                    if (!rule.get("health").asString().equals("ok")) {
                        notOk.add(group.get("name").asString() + " " + rule.get("name").asString() + ": "
                                + rule.get("health").asString() + " " + rule.path("lastError").asString(""));
                    }
                }
            }
            assertThat(loaded).as("rules loaded").isEqualTo(rules);
            assertThat(notOk).as("rules not evaluated, or in error").isEmpty();
        });
    }

    @Test
    void everyDashboardQueryRuns() throws Exception {
        List<String> failed = new ArrayList<>();
        for (MetricsContractSystemTests.Query query : MetricsContractSystemTests.dashboardQueries()) {
            // Grafana's variables as Grafana would fill them in; label_values() is Grafana's, not PromQL.
            String expr = query.expr().replace("$__rate_interval", "1m").replace("$service", "orders")
                .replace("$instance", ".*");
            if (expr.startsWith("label_values(")) {
                expr = expr.substring("label_values(".length(), expr.lastIndexOf(','));
            }
            HttpResponse<String> response = prometheus.get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                failed.add(query.where() + ": " + expr + "\n  " + response.body());
            }
        }
        assertThat(failed).as("dashboard queries Prometheus refused").isEmpty();
    }

    /**
     * Prometheus as a child process: a temporary directory with the rendered configuration, the rules and the
     * database; a free loopback port. {@link #close()} stops it (SIGTERM, then SIGKILL after 10 s) and deletes the
     * directory; a shutdown hook does the same if the JVM exits first.
     */
    static final class Prometheus implements AutoCloseable {

        static final Path BINARY = Path.of("/usr/bin/prometheus");

        private final Path directory;

        private final int port;

        private final ChildProcess process;

        private Prometheus(Path directory, int port, Process process) {
            this.directory = directory;
            this.port = port;
            this.process = ChildProcess.terminatedBySignal(process, directory);
        }

        /** Starts Prometheus scraping these services (name → base URL) and waits until it is ready. */
        static Prometheus scraping(Map<String, String> services) {
            assertThat(BINARY).as("Debian's prometheus (apt-get install prometheus)").isExecutable();
            Path directory;
            int port = FreePorts.range(1);
            Process process;
            try {
                directory = Files.createTempDirectory("emporium-prometheus");
            }
            catch (IOException ex) {
                throw new IllegalStateException("cannot prepare Prometheus", ex);
            }
            try {
                Path deploy = PrometheusRulesTests.deployDirectory();
                Files.writeString(directory.resolve("prometheus.yml"), render(deploy.resolve("prometheus-embedded.yml"), services));
                PrometheusRulesTests.copyDirectory(deploy.resolve("rules"), directory.resolve("rules"));
                process = new ProcessBuilder(BINARY.toString(),
                        "--config.file=" + directory.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + directory.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("prometheus.log").toFile())
                    .start();
            }
            catch (IOException | RuntimeException ex) {
                ChildProcess.deleteDirectory(directory);
                throw new IllegalStateException("cannot start Prometheus", ex);
            }
            Prometheus prometheus = new Prometheus(directory, port, process);
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .failFast("Prometheus exited", () -> !process.isAlive())
                    .until(() -> prometheus.ready());
            }
            catch (RuntimeException | Error ex) {
                String log = prometheus.log();
                prometheus.close();
                throw new IllegalStateException("Prometheus did not start on port " + port + ":\n" + log, ex);
            }
            return prometheus;
        }

        /**
         * The embedded mode's configuration with the given services' ports instead of the defaults, scraped and
         * evaluated every second; every service must have a target, and every target a service.
         */
        @SuppressWarnings("unchecked")
        static String render(Path config, Map<String, String> services) throws IOException {
            Map<String, Object> loaded = new Yaml().load(Files.readString(config));
            Map<String, Object> global = (Map<String, Object>) loaded.get("global");
            global.put("scrape_interval", "1s");
            global.put("evaluation_interval", "1s");
            Set<String> targeted = new TreeSet<>();
            for (Map<String, Object> job : PrometheusRulesTests.maps(loaded.get("scrape_configs"))) {
                for (Map<String, Object> group : PrometheusRulesTests.maps(job.get("static_configs"))) {
                    String service = String.valueOf(((Map<String, Object>) group.get("labels")).get("service"));
                    assertThat(services).as("the services running").containsKey(service);
                    group.put("targets", List.of("127.0.0.1:" + URI.create(services.get(service)).getPort()));
                    targeted.add(service);
                }
            }
            assertThat(targeted).as("services %s scrapes", config.getFileName())
                .containsExactlyInAnyOrderElementsOf(services.keySet());
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            return new Yaml(options).dump(loaded);
        }

        /** The results of an instant query. */
        List<JsonNode> query(String promql) throws Exception {
            List<JsonNode> results = new ArrayList<>();
            api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).get("result")
                .forEach(results::add);
            return results;
        }

        /** The {@code data} of a successful API call. */
        JsonNode api(String path) throws Exception {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
            return json.readTree(response.body()).get("data");
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Each target's service, health and last error, for a failing test to show. */
        String targets() {
            try {
                StringBuilder targets = new StringBuilder();
                for (JsonNode target : api("/api/v1/targets").get("activeTargets")) {
                    targets.append(target.get("labels").path("service").asString()).append(' ')
                        .append(target.get("scrapeUrl").asString()).append(' ')
                        .append(target.get("health").asString()).append(' ')
                        .append(target.path("lastError").asString("")).append('\n');
                }
                return targets.toString();
            }
            catch (Exception ex) {
                return "(no targets: " + ex + ")";
            }
        }

        private boolean ready() {
            try {
                return get("/-/ready").statusCode() == 200;
            }
            catch (Exception ex) {
                return false;
            }
        }

        private String log() {
            try {
                return Files.readString(this.directory.resolve("prometheus.log"));
            }
            catch (IOException ex) {
                return "(no log)";
            }
        }

        @Override
        public void close() {
            this.process.close();
        }
    }
}
