package dev.emporium.testsupport.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A Redis server of a test's own (Debian's {@code redis-server}), on a free loopback port and without persistence, so
 * a test may stop and start it (an outage) without touching the machine's Redis. {@link #stop()} kills it (SIGKILL:
 * what it held is gone, as after a crash); {@link #start()} starts it again, empty, on the same port.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final int port;

    private final Path directory;

    private @Nullable Process process;

    private RedisServer(int port, Path directory) {
        this.port = port;
        this.directory = directory;
    }

    /** Starts a server on a free port. */
    public static RedisServer start(String name) {
        try {
            RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("emporium-redis-" + name));
            server.start();
            return server;
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot make a directory for Redis", ex);
        }
    }

    public int port() {
        return this.port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return "redis://127.0.0.1:" + this.port;
    }

    /** Starts the server (again) and waits until it answers PING. */
    public synchronized void start() {
        if (this.process != null && this.process.isAlive()) {
            return;
        }
        try {
            this.process = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(this.port), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.directory.toString(),
                    "--protected-mode", "yes",
                    // DEBUG SLEEP makes a slow Redis for tests (off by default since Redis 7).
                    "--enable-debug-command", "local"))
                .redirectErrorStream(true)
                .redirectOutput(this.directory.resolve("redis.log").toFile())
                .start();
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot start redis-server (Debian's redis-server package)", ex);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answers()) {
            if (System.nanoTime() > deadline || !this.process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + this.port + " did not start: " + log());
            }
            pause();
        }
    }

    /** Makes the server answer nothing for {@code pause} (every client waits), as an overloaded Redis would. */
    public void freeze(Duration pause) {
        command("DEBUG", "SLEEP", String.format(Locale.ROOT, "%.3f", pause.toMillis() / 1000.0));
    }

    /** Kills the server: clients see their connections drop and new ones refused. */
    public synchronized void stop() {
        Process running = this.process;
        if (running == null) {
            return;
        }
        running.destroyForcibly();
        try {
            running.waitFor(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        this.process = null;
    }

    /** Whether the server answers PING now. */
    public boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.readNBytes(reply, 0, 7);
            return read == 7 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        }
        catch (IOException ex) {
            return false;
        }
    }

    /**
     * Sends one command and returns its reply: a status, an integer or a bulk string as text, null for a missing
     * value. Arrays are not read (tests ask for single values).
     */
    public @Nullable String command(String... arguments) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", this.port), 1_000);
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder("*" + arguments.length + "\r\n");
            for (String argument : arguments) {
                request.append('$').append(argument.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                    .append(argument).append("\r\n");
            }
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            String line = readLine(in);
            return switch (line.charAt(0)) {
                case '+', ':' -> line.substring(1);
                case '-' -> throw new IllegalStateException("Redis answered " + line.substring(1));
                case '$' -> {
                    int length = Integer.parseInt(line.substring(1));
                    yield length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
                }
                default -> throw new IllegalStateException("not a single-value reply: " + line);
            };
        }
        catch (IOException ex) {
            throw new IllegalStateException("Redis on port " + this.port + " did not answer", ex);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\r') {
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }

    @Override
    public void close() {
        stop();
        try (var files = Files.walk(this.directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ex) {
            // A temporary directory left behind is harmless.
        }
    }

    private String log() {
        try {
            return Files.readString(this.directory.resolve("redis.log"));
        }
        catch (IOException ex) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
