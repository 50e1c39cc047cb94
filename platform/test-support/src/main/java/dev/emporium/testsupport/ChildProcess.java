package dev.emporium.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server a test runs as a child process (nginx, Prometheus) with a temporary directory of its own. {@link #close()}
 * asks it to stop its own way, kills it if it has not stopped within 10 s, kills what it started, and deletes the
 * directory; a shutdown hook does the same if the JVM exits first. Closing twice is harmless.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /** How a server is asked to stop gracefully: nginx by a command, most by SIGTERM. */
    @FunctionalInterface
    public interface Stopping {

        void stop(Process process) throws IOException, InterruptedException;
    }

    private final Process process;

    private final Path directory;

    private final Stopping stopping;

    private final Thread stopOnExit;

    private boolean closed;

    private ChildProcess(Process process, Path directory, Stopping stopping) {
        this.process = process;
        this.directory = directory;
        this.stopping = stopping;
        this.stopOnExit = Thread.ofPlatform().unstarted(this::stop);
        Runtime.getRuntime().addShutdownHook(this.stopOnExit);
    }

    /** Watches {@code process}, which runs in {@code directory}; {@code stopping} asks it to stop. */
    public static ChildProcess of(Process process, Path directory, Stopping stopping) {
        return new ChildProcess(process, directory, stopping);
    }

    /** As {@link #of}, stopped by SIGTERM. */
    public static ChildProcess terminatedBySignal(Process process, Path directory) {
        return of(process, directory, Process::destroy);
    }

    public boolean isAlive() {
        return this.process.isAlive();
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(this.stopOnExit);
        }
        catch (IllegalStateException ex) {
            // The JVM is already exiting: the hook runs stop() again, which then does nothing.
        }
    }

    private synchronized void stop() {
        if (this.closed) {
            return;
        }
        this.closed = true;
        // Its children, while they are still its children (a killed parent's children would run on: nginx's workers).
        List<ProcessHandle> children = this.process.descendants().toList();
        try {
            this.stopping.stop(this.process);
            if (!this.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                this.process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        catch (IOException ex) {
            this.process.destroyForcibly();
        }
        catch (InterruptedException ex) {
            this.process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        deleteDirectory(this.directory);
    }

    /** The first executable {@code name} in {@code directories}, else {@code name} (found on the PATH). */
    public static String binary(String name, String... directories) {
        for (String directory : directories) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return name;
    }

    /** Runs {@code command} to its end (a configuration check, a render script); a non-zero exit throws with its output. */
    public static void runToCompletion(List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
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

    /** The repository's root: the nearest directory up from the working directory with {@code mvnw} and {@code folder}. */
    public static Path repositoryRootWith(String folder) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve(folder))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside the repository (no mvnw and " + folder + " above "
                + Path.of("").toAbsolutePath() + ")");
    }

    /** Deletes a temporary directory and everything in it; one left behind is harmless. */
    public static void deleteDirectory(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ex) {
            // A temporary directory left behind is harmless.
        }
    }
}
