package dev.emporium.chaos.control;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of the cluster supervisor's control API (HTTP/JSON on loopback): the processes' status, and the faults
 * the scenarios inject: kill, stop and start a process, slow a service down. Every call either does what it says or
 * throws {@link ControlException} with the supervisor's answer.
 */
public final class ControlApi implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String url;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public ControlApi(String url) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public String url() {
        return this.url;
    }

    /** The edge URL the supervisor reports. */
    public String edgeUrl() {
        return JSON.readTree(call("GET", "/status", 200)).path("edgeUrl").asString();
    }

    public List<ProcessStatus> status() {
        JsonNode status = JSON.readTree(call("GET", "/status", 200));
        List<ProcessStatus> processes = new ArrayList<>();
        for (JsonNode process : status.path("processes")) {
            processes.add(new ProcessStatus(process.path("name").asString(), process.path("kind").asString(),
                    text(process.path("service")), process.path("port").asInt(),
                    process.path("pid").isNumber() ? process.path("pid").asLong() : null,
                    process.path("state").asString(), process.path("restarts").asInt()));
        }
        return processes;
    }

    private static @Nullable String text(JsonNode node) {
        return node.isString() ? node.asString() : null;
    }

    public Optional<ProcessStatus> process(String name) {
        return status().stream().filter(process -> process.name().equals(name)).findFirst();
    }

    public List<ProcessStatus> processes(Predicate<ProcessStatus> filter) {
        return status().stream().filter(filter).toList();
    }

    /** SIGKILL now; the supervisor restarts it. */
    public void kill(String name) {
        call("POST", "/processes/" + name + "/kill", 202);
    }

    /** Stops it for good (until {@link #start}); returns once it has gone. */
    public void stop(String name) {
        call("POST", "/processes/" + name + "/stop", 200);
    }

    public void start(String name) {
        call("POST", "/processes/" + name + "/start", 202);
    }

    /** Every caller reaches {@code service} through fault proxies delaying the data by {@code millis} (0: none). */
    public void latency(String service, long millis) {
        call("POST", "/services/" + service + "/latency?millis=" + millis, 200);
    }

    public void scale(String service, int instances) {
        call("POST", "/services/" + service + "/scale?instances=" + instances, 200);
    }

    /** Whether the supervisor answers at all. */
    public boolean reachable() {
        try {
            call("GET", "/status", 200);
            return true;
        }
        catch (ControlException ex) {
            return false;
        }
    }

    /**
     * Waits until {@code name} is UP as a new process: a pid other than {@code oldPid} (or more restarts than
     * {@code oldRestarts}), so a supervisor that has not noticed the kill yet does not pass for one that restarted
     * it. Returns how long it took; throws if it did not come back within {@code patience}.
     */
    public Duration awaitUpAgain(String name, @Nullable Long oldPid, int oldRestarts, long sinceNanos, Duration patience) {
        long deadline = sinceNanos + patience.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessStatus> process = process(name);
            if (process.isPresent() && process.get().up()
                    && (process.get().restarts() > oldRestarts || (oldPid != null && process.get().pid() != null
                            && !oldPid.equals(process.get().pid())))) {
                return Duration.ofNanos(System.nanoTime() - sinceNanos);
            }
            pause();
        }
        throw new ControlException(name + " was not UP again within " + patience.toSeconds() + " s: "
                + process(name).map(ProcessStatus::state).orElse("unknown"));
    }

    /** Waits until {@code name} is UP (after a start); returns how long it took from {@code sinceNanos}. */
    public Duration awaitUp(String name, long sinceNanos, Duration patience) {
        long deadline = sinceNanos + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (process(name).map(ProcessStatus::up).orElse(false)) {
                return Duration.ofNanos(System.nanoTime() - sinceNanos);
            }
            pause();
        }
        throw new ControlException(name + " was not UP within " + patience.toSeconds() + " s");
    }

    /** Waits until every process is UP (a scenario starts from a healthy cluster). */
    public void awaitAllUp(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        List<ProcessStatus> notUp = List.of();
        while (System.nanoTime() < deadline) {
            notUp = processes(process -> !process.up());
            if (notUp.isEmpty()) {
                return;
            }
            pause();
        }
        throw new ControlException("not every process is UP: "
                + notUp.stream().map(process -> process.name() + " " + process.state()).toList());
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ControlException("interrupted");
        }
    }

    private String call(String method, String path, int expected) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(this.url + path))
            .timeout(Duration.ofSeconds(60))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
        try {
            HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new ControlException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        }
        catch (IOException ex) {
            throw new ControlException(method + " " + this.url + path + " failed: " + ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ControlException("interrupted");
        }
    }

    @Override
    public void close() {
        this.client.close();
    }

    /** The control API refused or could not be reached. */
    public static final class ControlException extends RuntimeException {

        public ControlException(String message) {
            super(message);
        }
    }
}
