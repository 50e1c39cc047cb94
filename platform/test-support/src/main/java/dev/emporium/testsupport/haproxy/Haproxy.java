package dev.emporium.testsupport.haproxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.emporium.testsupport.ChildProcess;
import dev.emporium.testsupport.FreePorts;
import org.awaitility.Awaitility;

/**
 * The repository's HAProxy edge ({@code deploy/haproxy}, rendered by its {@code render.sh}, so tests run exactly what
 * users deploy) in front of the given gateways, on free loopback ports (the edge and its stats page), in a temporary
 * directory of its own, as a child process in the foreground running as the current user. Debian's {@code haproxy}
 * must be installed: without it the start fails rather than skipping anything (CI installs it). {@link #close()}
 * stops it (SIGUSR1, a soft stop: requests under way finish), kills it if that takes too long and deletes the
 * directory; a JVM that exits without closing does the same from a shutdown hook.
 */
public final class Haproxy implements AutoCloseable {

    private static final String BINARY = ChildProcess.binary("haproxy", "/usr/sbin", "/usr/bin", "/usr/local/sbin");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path directory;

    private final int port;

    private final int statsPort;

    private final ChildProcess process;

    private Haproxy(Path directory, int port, int statsPort, Process process) {
        this.directory = directory;
        this.port = port;
        this.statsPort = statsPort;
        this.process = ChildProcess.of(process, directory,
                running -> new ProcessBuilder("kill", "-USR1", Long.toString(running.pid())).start().waitFor());
    }

    /** Starts an edge in front of the gateways listening on {@code gatewayPorts} (loopback), named gateway-1, -2… */
    public static Haproxy inFrontOf(int... gatewayPorts) {
        Path directory;
        int port;
        int statsPort;
        try {
            directory = Files.createTempDirectory("emporium-haproxy");
            port = FreePorts.range(1);
            statsPort = FreePorts.range(1);
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot prepare haproxy", ex);
        }
        List<String> render = new ArrayList<>(List.of(
                ChildProcess.repositoryRootWith("deploy/haproxy").resolve("deploy/haproxy/render.sh").toString(),
                directory.toString(), "127.0.0.1:" + port));
        for (int gateway : gatewayPorts) {
            render.add("127.0.0.1:" + gateway);
        }
        Process process;
        try {
            // render.sh also checks the result with haproxy -c: a broken template fails here, with HAProxy's message.
            ChildProcess.runToCompletion(render, Map.of("EMPORIUM_HAPROXY_STATS", "127.0.0.1:" + statsPort));
            process = new ProcessBuilder(BINARY, "-db", "-f", directory.resolve("haproxy.cfg").toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("haproxy.out").toFile())
                .start();
        }
        catch (IOException | RuntimeException ex) {
            ChildProcess.deleteDirectory(directory);
            throw new IllegalStateException("cannot start haproxy (is Debian's haproxy installed?)", ex);
        }
        Haproxy haproxy = new Haproxy(directory, port, statsPort, process);
        haproxy.awaitListening();
        return haproxy;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + this.port;
    }

    public int port() {
        return this.port;
    }

    /** The stats page, {@code http://127.0.0.1:<stats port>/}. */
    public String statsUrl() {
        return "http://127.0.0.1:" + this.statsPort + "/";
    }

    /** Each gateway's state (UP, DOWN, "UP 1/2"…) by server name, from the stats CSV. */
    public Map<String, String> serverStates() {
        Map<String, String> states = new TreeMap<>();
        try {
            String csv = http.send(HttpRequest.newBuilder(URI.create(statsUrl() + ";csv")).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : csv.split("\n")) {
                String[] fields = line.split(",", -1);
                // pxname,svname,...; the status is the 18th field.
                if (fields.length > 17 && fields[0].equals("gateways") && fields[1].startsWith("gateway-")) {
                    states.put(fields[1], fields[17]);
                }
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot read haproxy's stats", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        return states;
    }

    /** HAProxy's output so far (its log: one line per request, check results), for a failing test to show. */
    public String log() {
        try {
            return Files.readString(this.directory.resolve("haproxy.out"));
        }
        catch (IOException ex) {
            return "(no log)";
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
                .failFast("haproxy exited", () -> !this.process.isAlive())
                .until(() -> listening(this.port) && listening(this.statsPort));
        }
        catch (RuntimeException | AssertionError ex) {
            String output = log();
            close();
            throw new IllegalStateException("haproxy did not start on port " + this.port + ": " + output, ex);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }
}
