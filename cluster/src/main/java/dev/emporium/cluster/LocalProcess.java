package dev.emporium.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A process of the cluster that runs as this JVM's child, its output appended to {@code var/log/<name>.log}: service
 * instances and the edge. Stopping asks it its own way (SIGTERM unless {@link #askToStop} says otherwise), waits
 * {@link #STOP_TIMEOUT}, then kills it and whatever it started.
 */
abstract class LocalProcess implements Supervised {

    static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final String name;

    private final String kind;

    private final int port;

    private final Path log;

    private volatile @Nullable Process process;

    LocalProcess(String name, String kind, int port, Path logDirectory) {
        this.name = name;
        this.kind = kind;
        this.port = port;
        this.log = logDirectory.resolve(name + ".log");
    }

    /** The command line, worked out at each start. */
    abstract List<String> command() throws IOException;

    /** Environment variables added to this JVM's. */
    Map<String, String> environment() {
        return Map.of();
    }

    /** Asks the process to stop gracefully: SIGTERM. */
    void askToStop(Process running) throws IOException, InterruptedException {
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
        Files.createDirectories(this.log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment());
        this.process = builder.start();
    }

    @Override
    public OptionalLong pid() {
        Process running = this.process;
        return running != null && running.isAlive() ? OptionalLong.of(running.pid()) : OptionalLong.empty();
    }

    boolean alive() {
        Process running = this.process;
        return running != null && running.isAlive();
    }

    @Override
    public void kill() {
        Process running = this.process;
        if (running != null) {
            List<ProcessHandle> children = running.descendants().toList();
            running.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
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
    }

    @Override
    public String toString() {
        return this.name;
    }
}
