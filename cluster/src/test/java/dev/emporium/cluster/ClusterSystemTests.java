package dev.emporium.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.emporium.embedded.EmbeddedService;
import dev.emporium.testsupport.FreePorts;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole cluster, started once for the class (it costs one to two minutes on two cores) on free ports and a
 * temporary var directory: every process UP, pages and API through the edge, a killed instance back within 10 s,
 * gateways scaled behind the edge, a latency fault on and off, bad control requests answered with problems, and
 * nothing left running after close. Two instances of every service, on the cluster's own PostgreSQL, Redis and
 * RabbitMQ.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterSystemTests {

    private static final Logger log = LoggerFactory.getLogger(ClusterSystemTests.class);

    private static final JsonMapper json = JsonMapper.builder().build();

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Under target/, emptied before the start except for the CDS archive, whose training takes a minute or more. */
    static final Path var = Path.of("target/cluster-system-tests").toAbsolutePath();

    static Cluster cluster;

    static final List<Long> pids = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws IOException {
        if (Files.isDirectory(var)) {
            try (var entries = Files.list(var)) {
                for (Path entry : entries.toList()) {
                    if (!entry.getFileName().toString().equals("cluster")) {
                        ServiceJvm.deleteTree(entry);
                    }
                }
            }
            try (var entries = Files.list(var.resolve("cluster"))) {
                for (Path entry : entries.toList()) {
                    if (!entry.getFileName().toString().equals("cds")) {
                        ServiceJvm.deleteTree(entry);
                    }
                }
            }
        }
        int base = FreePorts.range(300);
        int edge = FreePorts.range(1);
        Map<String, Integer> instances = new LinkedHashMap<>();
        for (EmbeddedService service : EmbeddedService.ALL) {
            instances.put(service.name(), 2);
        }
        long start = System.nanoTime();
        cluster = Cluster.start(new ClusterSettings(var, edge, base, instances));
        log.info("Cluster of {} processes UP in {} s", status().path("processes").size(),
                Duration.ofNanos(System.nanoTime() - start).toSeconds());
    }

    @AfterAll
    static void closeLeavesNothingRunning() {
        if (cluster == null) {
            return;
        }
        for (JsonNode process : status().path("processes")) {
            if (process.path("pid").isNumber()) {
                pids.add(process.path("pid").asLong());
            }
        }
        cluster.close();
        assertThat(pids).isNotEmpty();
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            .as("process %d after close", pid)
            .isFalse());
        assertThat(var.resolve("cluster/supervisor.json")).doesNotExist();
    }

    @Test
    @Order(1)
    void everyProcessIsUpAndTheFilesListThem() throws IOException {
        JsonNode status = status();
        assertThat(status.path("edgeUrl").asString()).isEqualTo(cluster.edgeUrl());
        List<String> states = new ArrayList<>();
        status.path("processes").forEach(process -> states.add(process.path("name").asString() + "=" + process.path("state").asString()));
        assertThat(states).allSatisfy(state -> assertThat(state).endsWith("=UP"));
        assertThat(states).anyMatch(state -> state.startsWith("edge="));
        for (EmbeddedService service : EmbeddedService.ALL) {
            assertThat(states).anyMatch(state -> state.startsWith(service.name() + "-1="));
        }

        JsonNode instances = json.readTree(Files.readString(var.resolve("cluster/instances.json")));
        assertThat(instances.path("catalog").get(0).asString()).isEqualTo("http://127.0.0.1:" + port("catalog-1"));
        assertThat(instances.path("gateway").size()).isEqualTo(2);
        JsonNode targets = json.readTree(Files.readString(var.resolve("cluster/targets.json")));
        assertThat(targets.size()).isEqualTo(EmbeddedService.ALL.size());
        assertThat(targets.get(0).path("labels").path("service").asString()).isEqualTo("gateway");
        JsonNode supervisor = json.readTree(Files.readString(var.resolve("cluster/supervisor.json")));
        assertThat(supervisor.path("controlUrl").asString()).isEqualTo(cluster.controlUrl());
        assertThat(supervisor.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    @Order(2)
    void pagesAndTheApiAnswerThroughTheEdge() {
        HttpResponse<String> home = get(cluster.edgeUrl() + "/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("<html");

        HttpResponse<String> products = get(cluster.edgeUrl() + "/api/catalog/products?size=5");
        assertThat(products.statusCode()).isEqualTo(200);
        JsonNode page = json.readTree(products.body());
        String id = page.path("items").get(0).path("id").asString();

        HttpResponse<String> product = get(cluster.edgeUrl() + "/p/" + id);
        assertThat(product.statusCode()).isEqualTo(200);

        HttpResponse<String> jwks = get(cluster.edgeUrl() + "/.well-known/jwks.json");
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.body()).contains("\"keys\"");
    }

    @Test
    @Order(3)
    void aKilledInstanceIsUpAgainWithinTenSeconds() {
        long before = pid("catalog-1");
        long killed = System.nanoTime();
        assertThat(post("/processes/catalog-1/kill").statusCode()).isEqualTo(202);

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode process = process("catalog-1");
            return process.path("state").asString().equals("UP") && process.path("restarts").asInt() == 1;
        });
        long millis = Duration.ofNanos(System.nanoTime() - killed).toMillis();
        log.info("catalog-1 killed and UP again in {} ms", millis);
        assertThat(pid("catalog-1")).isNotEqualTo(before);
        assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(get(cluster.edgeUrl() + "/api/catalog/products?size=1").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void servicesAndGatewaysScale() throws IOException {
        HttpResponse<String> scaled = post("/services/gateway/scale?instances=3");
        assertThat(scaled.statusCode()).isEqualTo(200);
        assertThat(json.readTree(scaled.body()).path("processes").size()).isEqualTo(3);
        assertThat(post("/services/catalog/scale?instances=3").statusCode()).isEqualTo(200);

        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> process("gateway-3").path("state").asString().equals("UP")
                && process("catalog-3").path("state").asString().equals("UP"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode instances = json.readTree(Files.readString(var.resolve("cluster/instances.json")));
            assertThat(instances.path("gateway").size()).isEqualTo(3);
            assertThat(instances.path("catalog").size()).isEqualTo(3);
            assertThat(Files.readString(var.resolve("nginx/edge.conf"))).contains("127.0.0.1:" + port("gateway-3"));
        });
        assertThat(get("http://127.0.0.1:" + port("catalog-3") + "/api/catalog/products?size=1").statusCode()).isEqualTo(200);
        // The new gateway serves: asked directly, and the edge (least_conn over three) keeps answering.
        assertThat(get("http://127.0.0.1:" + port("gateway-3") + "/api/catalog/products?size=1").statusCode()).isEqualTo(200);
        for (int i = 0; i < 6; i++) {
            assertThat(get(cluster.edgeUrl() + "/api/catalog/products?size=1").statusCode()).isEqualTo(200);
        }

        assertThat(post("/services/gateway/scale?instances=2").statusCode()).isEqualTo(200);
        assertThat(process("gateway-2").path("state").asString()).isEqualTo("UP");
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
            assertThat(json.readTree(Files.readString(var.resolve("cluster/instances.json"))).path("gateway").size()).isEqualTo(2));
        assertThat(status().path("processes").findValuesAsString("name")).doesNotContain("gateway-3");
    }

    @Test
    @Order(5)
    void aLatencyFaultSlowsTheServiceDownAndGoesAway() throws IOException {
        String url = cluster.edgeUrl() + "/api/catalog/products?size=1";
        long baseline = fastest(url, 5);

        HttpResponse<String> fault = post("/services/catalog/latency?millis=600");
        assertThat(fault.statusCode()).isEqualTo(200);
        JsonNode instances = json.readTree(Files.readString(var.resolve("cluster/instances.json")));
        assertThat(instances.path("catalog").get(0).asString()).doesNotEndWith(":" + port("catalog-1"));
        // Callers re-read the discovery file within a second.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fastest(url, 1) >= baseline + 500);
        long slow = fastest(url, 3);
        log.info("Through the edge: {} ms, with a 600 ms latency fault on catalog {} ms", baseline, slow);
        assertThat(slow).isBetween(baseline + 500, baseline + 2000);

        assertThat(post("/services/catalog/latency?millis=0").statusCode()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fastest(url, 2) < baseline + 300);
        assertThat(json.readTree(Files.readString(var.resolve("cluster/instances.json"))).path("catalog").get(0).asString())
            .endsWith(":" + port("catalog-1"));
    }

    @Test
    @Order(6)
    void badControlRequestsAreProblems() {
        HttpResponse<String> unknownProcess = post("/processes/warehouse-1/kill");
        assertThat(unknownProcess.statusCode()).isEqualTo(404);
        assertThat(unknownProcess.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(post("/services/warehouse/scale?instances=2").statusCode()).isEqualTo(404);
        assertThat(post("/services/catalog/scale?instances=eleven").statusCode()).isEqualTo(400);
        assertThat(post("/services/catalog/scale?instances=11").statusCode()).isEqualTo(400);
        assertThat(post("/services/catalog/scale").statusCode()).isEqualTo(400);
        assertThat(post("/services/catalog/latency?millis=-5").statusCode()).isEqualTo(400);
        assertThat(get(cluster.controlUrl() + "/processes/catalog-1/kill").statusCode()).isEqualTo(405);
        assertThat(get(cluster.controlUrl() + "/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(7)
    void aStoppedInstanceStaysDownUntilStarted() {
        assertThat(post("/processes/notifications-1/stop").statusCode()).isEqualTo(200);
        JsonNode stopped = process("notifications-1");
        assertThat(stopped.path("state").asString()).isEqualTo("STOPPED");
        assertThat(stopped.path("pid").isNull()).isTrue();
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
            .until(() -> process("notifications-1").path("state").asString().equals("STOPPED"));

        assertThat(post("/processes/notifications-1/start").statusCode()).isEqualTo(202);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> process("notifications-1").path("state").asString().equals("UP"));
    }

    private static long fastest(String url, int tries) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < tries; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = get(url);
            assertThat(response.statusCode()).isEqualTo(200);
            best = Math.min(best, Duration.ofNanos(System.nanoTime() - start).toMillis());
        }
        return best;
    }

    private static JsonNode status() {
        return json.readTree(get(cluster.controlUrl() + "/status").body());
    }

    private static JsonNode process(String name) {
        for (JsonNode process : status().path("processes")) {
            if (process.path("name").asString().equals(name)) {
                return process;
            }
        }
        throw new AssertionError("no process " + name);
    }

    private static int port(String name) {
        return process(name).path("port").asInt();
    }

    private static long pid(String name) {
        return process(name).path("pid").asLong();
    }

    private static HttpResponse<String> post(String path) {
        return send(HttpRequest.newBuilder(URI.create(cluster.controlUrl() + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new AssertionError(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }
}
