package dev.emporium.cluster.infra;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import dev.emporium.cluster.Supervised;
import org.jspecify.annotations.Nullable;

/**
 * A server of the data tier run as the supervisor's own child in the foreground (no daemon, no pid file to trust):
 * the supervisor learns of its death the moment it happens, and the JVM reaps it. Output goes to
 * {@code var/log/<name>.log}. Run as root, the server runs as its own system user ({@code postgres},
 * {@code rabbitmq}) through {@code setpriv}, which execs it, so the child's pid is the server's.
 */
abstract class ServerProcess implements Supervised {

    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** How long a start waits for the processes of a killed predecessor to go (they hold its port or memory). */
    private static final Duration LEFTOVER_TIMEOUT = Duration.ofSeconds(10);

    static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final String name;

    private final String kind;

    private final int port;

    private final Path log;

    private volatile @Nullable Process process;

    /** Processes of the last run that a kill left behind (children reparented away from the server). */
    private volatile List<ProcessHandle> leftovers = List.of();

    ServerProcess(String name, String kind, int port, Path var) {
        this.name = name;
        this.kind = kind;
        this.port = port;
        this.log = var.resolve("log").resolve(name + ".log");
    }

    /** Gets what the server needs on disk ready (the first time: create it) and returns its command line. */
    abstract List<String> prepareAndCommand() throws IOException;

    /** Environment variables on top of this JVM's. */
    Map<String, String> environment() {
        return Map.of();
    }

    /** The directory the server runs in (one its user may enter). */
    abstract Path workingDirectory();

    /** Asks the server to stop the orderly way; SIGTERM unless a server wants another signal. */
    void askToStop(Process running) throws IOException {
        running.destroy();
    }

    @Override
    public String name() {
        return this.name;
    }

    @Override
    public String kind() {
        return this.kind;
    }

    @Override
    public int port() {
        return this.port;
    }

    Path log() {
        return this.log;
    }

    @Override
    public synchronized void start() throws IOException {
        Process running = this.process;
        if (running != null && running.isAlive()) {
            throw new IllegalStateException(this.name + " is running");
        }
        awaitLeftovers();
        Files.createDirectories(this.log.getParent());
        List<String> command = prepareAndCommand();
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment());
        this.process = builder.start();
    }

    @Override
    public OptionalLong pid() {
        Process running = this.process;
        return running != null && running.isAlive() ? OptionalLong.of(running.pid()) : OptionalLong.empty();
    }

    /** SIGKILL to the server and everything it started: a crash, as a power cut or the OOM killer would make it. */
    @Override
    public void kill() {
        Process running = this.process;
        if (running == null) {
            return;
        }
        List<ProcessHandle> children = running.descendants().toList();
        running.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        this.leftovers = children;
    }

    @Override
    public void stop() {
        Process running = this.process;
        if (running == null || !running.isAlive()) {
            return;
        }
        List<ProcessHandle> children = running.descendants().toList();
        try {
            askToStop(running);
            if (!running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                running.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        catch (IOException ex) {
            running.destroyForcibly();
        }
        catch (InterruptedException ex) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        this.leftovers = children;
    }

    /** The server and its descendants that are alive now (for tests that check nothing was left behind). */
    List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        Process running = this.process;
        if (running != null && running.isAlive()) {
            all.add(running.toHandle());
            running.descendants().filter(ServerProcess::running).forEach(all::add);
        }
        this.leftovers.stream().filter(ServerProcess::running).forEach(all::add);
        return all;
    }

    private void awaitLeftovers() throws IOException {
        long deadline = System.nanoTime() + LEFTOVER_TIMEOUT.toNanos();
        while (this.leftovers.stream().anyMatch(ServerProcess::running)) {
            if (System.nanoTime() > deadline) {
                throw new IOException(this.name + ": processes of its last run are still alive: " + this.leftovers
                    .stream().filter(ServerProcess::running).map(ProcessHandle::pid).toList());
            }
            try {
                Thread.sleep(50);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while " + this.name + "'s old processes exit");
            }
        }
        this.leftovers = List.of();
    }

    /**
     * Whether a process runs: alive and not a zombie. A server's children that outlive it are handed to pid 1, and
     * where pid 1 does not reap (a container's init may not), they stay zombies, which {@link ProcessHandle#isAlive}
     * counts as alive although they hold no port, memory or file.
     */
    static boolean running(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
            // pid (comm) state ...: comm may hold spaces and parentheses, the state follows the last ')'.
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        }
        catch (IOException ex) {
            return false;
        }
    }

    /** {@code command} as {@code user} when this JVM runs as root (servers refuse to, or should not, run as root). */
    static List<String> as(String user, List<String> command) {
        if (!ROOT) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups",
                "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Hands {@code path} and everything under it to {@code user} when run as root. */
    static void own(String user, Path path) throws IOException {
        if (ROOT) {
            run(List.of("chown", "-R", user + ":" + user, path.toString()), Path.of("/"), null);
        }
    }

    /** Runs a short command to its end; its output goes to {@code log} (or is dropped), a failure is an exception. */
    static void run(List<String> command, Path directory, @Nullable Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.redirectOutput(log != null ? ProcessBuilder.Redirect.appendTo(log.toFile())
                : ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
        }
        catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted: " + String.join(" ", command));
        }
        if (process.exitValue() != 0) {
            throw new IOException("exit " + process.exitValue() + ": " + String.join(" ", command)
                    + (log != null ? " (see " + log + ")" : ""));
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    @Override
    public String toString() {
        return this.name;
    }
}
