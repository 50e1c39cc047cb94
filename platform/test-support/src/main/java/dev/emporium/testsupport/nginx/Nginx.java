package dev.emporium.testsupport.nginx;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.emporium.testsupport.ChildProcess;
import dev.emporium.testsupport.FreePorts;
import org.awaitility.Awaitility;

/**
 * The repository's CDN edge ({@code deploy/nginx}, rendered by its {@code render.sh}, so tests run exactly what
 * users deploy) in front of the given gateways, on a free loopback port, in a temporary directory of its own
 * (configuration, cache, logs), as a child process in the foreground running as the current user. Debian's
 * {@code nginx} must be installed: without it the start fails rather than skipping anything (CI installs it).
 * {@link #close()} stops it gracefully, kills it (workers included) if that takes too long, and deletes the
 * directory; a JVM that exits without closing does the same from a shutdown hook, so no nginx outlives the run.
 */
public final class Nginx implements AutoCloseable {

    private static final String BINARY = ChildProcess.binary("nginx", "/usr/sbin", "/usr/bin", "/usr/local/sbin");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path directory;

    private final int port;

    private final ChildProcess process;

    private Nginx(Path directory, int port, Process process) {
        this.directory = directory;
        this.port = port;
        // QUIT, nginx's graceful shutdown: requests under way finish, idle connections close.
        this.process = ChildProcess.of(process, directory, running -> new ProcessBuilder(command(directory, "-s", "quit"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start()
            .waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    /** Starts an edge in front of the gateways listening on {@code gatewayPorts} (loopback). */
    public static Nginx inFrontOf(int... gatewayPorts) {
        Path directory;
        int port;
        try {
            directory = Files.createTempDirectory("emporium-nginx");
            port = FreePorts.range(1);
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot prepare nginx", ex);
        }
        List<String> render = new ArrayList<>(List.of(
                ChildProcess.repositoryRootWith("deploy/nginx").resolve("deploy/nginx/render.sh").toString(),
                directory.toString(), "127.0.0.1:" + port));
        for (int gateway : gatewayPorts) {
            render.add("127.0.0.1:" + gateway);
        }
        Process process;
        try {
            // render.sh also checks the result with nginx -t: a broken template fails here, with nginx's message.
            ChildProcess.runToCompletion(render, Map.of());
            process = new ProcessBuilder(command(directory, "-g", "daemon off;"))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("nginx.out").toFile())
                .start();
        }
        catch (IOException | RuntimeException ex) {
            ChildProcess.deleteDirectory(directory);
            throw new IllegalStateException("cannot start nginx (is Debian's nginx installed?)", ex);
        }
        Nginx nginx = new Nginx(directory, port, process);
        nginx.awaitListening();
        return nginx;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + this.port;
    }

    public int port() {
        return this.port;
    }

    /** The access log so far (one line per request, with the cache status), for a failing test to show. */
    public String accessLog() {
        try {
            return Files.readString(this.directory.resolve("run/access.log"));
        }
        catch (IOException ex) {
            return "(no access log)";
        }
    }

    @Override
    public void close() {
        this.process.close();
    }

    private void awaitListening() {
        try {
            Awaitility.await()
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .failFast("nginx exited", () -> !this.process.isAlive())
                .until(this::listening);
        }
        catch (RuntimeException | AssertionError ex) {
            String output = output();
            close();
            throw new IllegalStateException("nginx did not start on port " + this.port + ": " + output, ex);
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 200);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    private String output() {
        try {
            return Files.readString(this.directory.resolve("nginx.out"))
                    + Files.readString(this.directory.resolve("run/error.log"));
        }
        catch (IOException ex) {
            return "(no output)";
        }
    }

    /** nginx with this edge's prefix, configuration and error log, then {@code options}. */
    private static List<String> command(Path directory, String... options) {
        List<String> command = new ArrayList<>(List.of(BINARY, "-p", directory.toString(), "-c", "edge.conf", "-e",
                "run/error.log"));
        command.addAll(List.of(options));
        return command;
    }
}
