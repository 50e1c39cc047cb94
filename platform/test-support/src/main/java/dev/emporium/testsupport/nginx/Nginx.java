package dev.emporium.testsupport.nginx;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The repository's CDN edge ({@code deploy/nginx}, rendered by its {@code render.sh}, so tests run exactly what
 * users deploy) in front of the given gateways, on a free loopback port, in a temporary directory of its own
 * (configuration, cache, logs), as a child process in the foreground. Debian's {@code nginx} must be installed;
 * without it the start fails (CI installs it).
 */
public final class Nginx implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Path directory;

    private final int port;

    private final Process process;

    private Nginx(Path directory, int port, Process process) {
        this.directory = directory;
        this.port = port;
        this.process = process;
    }

    /** Starts an edge in front of the gateways listening on {@code gatewayPorts} (loopback). */
    public static Nginx inFrontOf(int... gatewayPorts) {
        try {
            Path directory = Files.createTempDirectory("emporium-nginx");
            int port = freePort();
            List<String> render = new ArrayList<>(List.of(repositoryRoot().resolve("deploy/nginx/render.sh").toString(),
                    directory.toString(), "127.0.0.1:" + port));
            for (int gateway : gatewayPorts) {
                render.add("127.0.0.1:" + gateway);
            }
            run(render);
            Path config = directory.resolve("edge.conf");
            Process process = new ProcessBuilder(nginx(), "-p", directory.toString(), "-c", config.toString(), "-g",
                    "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("nginx.out").toFile())
                .start();
            Nginx nginx = new Nginx(directory, port, process);
            nginx.awaitListening();
            return nginx;
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot start nginx", ex);
        }
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
        // SIGTERM: nginx's fast shutdown.
        this.process.destroy();
        try {
            if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
                this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(this.directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ex) {
            // A temporary directory left behind is harmless.
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
                return;
            }
            catch (IOException ex) {
                if (!this.process.isAlive() || System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException("nginx did not start on port " + this.port + ": " + output());
                }
            }
            try {
                Thread.sleep(50);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }

    private String output() {
        try {
            return Files.readString(this.directory.resolve("nginx.out"));
        }
        catch (IOException ex) {
            return "(no output)";
        }
    }

    private static String nginx() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "nginx";
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** The repository's root: the nearest directory up from the working directory that holds {@code mvnw}. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("deploy/nginx"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside the repository (no mvnw and deploy/nginx above "
                + Path.of("").toAbsolutePath() + ")");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
