package dev.emporium.chaos.suite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.emporium.cluster.Cluster;
import dev.emporium.cluster.ClusterSettings;
import dev.emporium.embedded.EmbeddedService;
import dev.emporium.testsupport.ChildProcess;
import dev.emporium.testsupport.FreePorts;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one cluster of {@link ClusterSuiteTests} (starting one costs minutes on two cores): two instances of every
 * service on the cluster's own PostgreSQL, Redis and RabbitMQ, free ports, and a temporary var directory, deleted
 * once the cluster is closed (each run trains its AOT cache again, about 30 s). Also the control API's helpers.
 */
final class RunningCluster {

    private static final Logger log = LoggerFactory.getLogger(RunningCluster.class);

    static final JsonMapper json = JsonMapper.builder().build();

    /**
     * A temporary directory that everyone may enter: PostgreSQL and RabbitMQ run as their own users and must reach
     * it, and a checkout (CI's among them) may sit under a directory only its owner can enter.
     */
    static final Path var = temporaryDirectory();

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static @Nullable Cluster cluster;

    private RunningCluster() {
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("emporium-cluster-suite-");
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    static Cluster cluster() {
        return Objects.requireNonNull(cluster, "the cluster has not started");
    }

    static void start() throws IOException {
        Files.setPosixFilePermissions(var, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, Integer> instances = new LinkedHashMap<>();
        for (EmbeddedService service : EmbeddedService.ALL) {
            instances.put(service.name(), 2);
        }
        long start = System.nanoTime();
        cluster = Cluster.start(new ClusterSettings(var, FreePorts.range(1), FreePorts.range(300), instances));
        log.info("Cluster of {} processes UP in {} s", status().path("processes").size(),
                Duration.ofNanos(System.nanoTime() - start).toSeconds());
    }

    /** Closes the cluster and checks that none of its processes is left. */
    static void closeLeavingNothingRunning() {
        Cluster running = cluster;
        if (running == null) {
            return;
        }
        List<Long> pids = new ArrayList<>();
        for (JsonNode process : status().path("processes")) {
            if (process.path("pid").isNumber()) {
                pids.add(process.path("pid").asLong());
            }
        }
        running.close();
        cluster = null;
        assertThat(pids).isNotEmpty();
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            .as("process %d after close", pid)
            .isFalse());
        assertThat(var.resolve("cluster/supervisor.json")).doesNotExist();
        ChildProcess.deleteDirectory(var);
    }

    static JsonNode status() {
        return json.readTree(get(cluster().controlUrl() + "/status").body());
    }

    static JsonNode process(String name) {
        for (JsonNode process : status().path("processes")) {
            if (process.path("name").asString().equals(name)) {
                return process;
            }
        }
        throw new AssertionError("no process " + name);
    }

    static int port(String name) {
        return process(name).path("port").asInt();
    }

    static long pid(String name) {
        return process(name).path("pid").asLong();
    }

    /** POST to the control API. */
    static HttpResponse<String> post(String path) {
        return send(HttpRequest.newBuilder(URI.create(cluster().controlUrl() + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    static HttpResponse<String> get(String url) {
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
