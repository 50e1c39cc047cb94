package dev.emporium.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The cluster's edge: Debian's nginx on the public port in front of the gateway instances, configured from
 * {@code deploy/local/edge.conf.template} (rendered into {@code var/nginx}), in the foreground as the supervisor's
 * child. Healthy when it answers its own {@code /edge-health}. When gateways come or go, {@link #reload} renders the
 * file again and tells nginx, whose old workers finish their requests. It admits as many outside requests at once
 * as the gateways it lists do together, and refuses the next itself (ADR 0008).
 */
final class Edge extends LocalProcess {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Path directory;

    private final Path repository;

    private final Supplier<List<Integer>> gatewayPorts;

    private final int maxInFlightPerGateway;

    /**
     * @param maxInFlightPerGateway each gateway's cap on outside requests in flight: the edge admits as many as all
     * the gateways it lists together
     */
    Edge(int port, Path var, Path repository, Supplier<List<Integer>> gatewayPorts, int maxInFlightPerGateway) {
        super("edge", "edge", port, var.resolve("log"));
        this.directory = var.resolve("nginx");
        this.repository = repository;
        this.gatewayPorts = gatewayPorts;
        this.maxInFlightPerGateway = maxInFlightPerGateway;
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    List<String> command() throws IOException {
        render();
        // An nginx left over from a supervisor that was killed would hold the port: it goes first.
        stopLeftover();
        return nginx("-g", "daemon off;");
    }

    @Override
    void askToStop(Process running) throws IOException, InterruptedException {
        run(nginx("-s", "quit"));
    }

    @Override
    public boolean healthy() {
        if (!alive()) {
            return false;
        }
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url() + "/edge-health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 204;
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Renders the configuration for the gateways there are now and has a running nginx load it. */
    synchronized void reload() throws IOException, InterruptedException {
        render();
        if (alive()) {
            run(nginx("-s", "reload"));
        }
    }

    /** Writes {@code var/nginx/edge.conf} and {@code edge-cache.conf}; checks it with {@code nginx -t}. */
    synchronized void render() throws IOException {
        Files.createDirectories(this.directory.resolve("run"));
        Files.createDirectories(this.directory.resolve("cache"));
        StringBuilder upstreams = new StringBuilder();
        List<Integer> ports = this.gatewayPorts.get();
        if (ports.isEmpty()) {
            throw new IllegalStateException("the edge needs at least one gateway");
        }
        for (int gateway : ports) {
            // max_fails=0: nginx never takes a gateway out on its own. It would count every 503 it retries on, and
            // under load gateways answer 503 by design (shedding, a full bulkhead), so it would soon take them all
            // out. The supervisor keeps this list to the gateways that serve instead (docs/cluster.md).
            upstreams.append("server 127.0.0.1:").append(gateway).append(" max_fails=0;\n        ");
        }
        String user = "root".equals(System.getProperty("user.name")) ? "user root;" : "";
        String template = Files.readString(this.repository.resolve("deploy/local/edge.conf.template"));
        String config = template.replace("@USER@", user)
            .replace("@LISTEN@", "127.0.0.1:" + port())
            .replace("@UPSTREAMS@", upstreams.toString().strip())
            .replace("@MAX_IN_FLIGHT@", String.valueOf(ports.size() * this.maxInFlightPerGateway))
            .replace("@RUN_DIR@", this.directory.resolve("run").toString())
            .replace("@CACHE_DIR@", this.directory.resolve("cache").toString())
            .replace("@CONF_DIR@", this.directory.toString());
        Files.copy(this.repository.resolve("deploy/nginx/edge-cache.conf"), this.directory.resolve("edge-cache.conf"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path next = this.directory.resolve("edge.conf.next");
        Files.writeString(next, config);
        Files.move(next, this.directory.resolve("edge.conf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        try {
            run(nginx("-t", "-q"));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", ex);
        }
    }

    private void stopLeftover() throws IOException {
        Path pidFile = this.directory.resolve("run/nginx.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle.of(pid)
                .filter(handle -> handle.info().command().map(command -> command.contains("nginx")).orElse(false))
                .ifPresent(handle -> {
                    handle.descendants().forEach(ProcessHandle::destroyForcibly);
                    handle.destroyForcibly();
                    handle.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(ex -> handle).join();
                });
        }
        catch (NumberFormatException ex) {
            // Not a pid: nothing to stop.
        }
        Files.deleteIfExists(pidFile);
    }

    private List<String> nginx(String... options) {
        List<String> command = new ArrayList<>(List.of(binary(), "-p", this.directory.toString(), "-c", "edge.conf", "-e",
                "run/error.log"));
        command.addAll(List.of(options));
        return command;
    }

    static String binary() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "nginx";
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output.strip());
        }
    }
}
