package dev.emporium.testsupport.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * A real PostgreSQL server on 127.0.0.1 for one test: a primary, or a streaming replica of one, that a test can crash
 * ({@link #kill()}), restart and promote. Every operation runs {@code tools/pg/pgctl.sh}, the script behind
 * {@code ./emporium pg}, so tests and users set servers up the same way.
 * <p>
 * A primary and the replicas made from it share a state root of their own, a new directory {@code emporium-pg-*} in
 * the system's temporary directory, so test classes running in parallel never meet; ports are free loopback ports
 * picked here. The state root is not under the checkout because run as root, the servers run as the {@code postgres}
 * user, who must be able to enter every parent directory (a checkout in a private directory, as CI makes, is not).
 * {@link #close()} on the primary destroys it, its replicas and the state root; a JVM that exits without closing does
 * the same from a shutdown hook, so no server outlives the test run.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private static final int PORT_ATTEMPTS = 3;

    private static final int STATUS_STOPPED = 3;

    private final Path script;

    private final Path root;

    private final String name;

    private final int port;

    private final @Nullable PostgresServer upstream;

    private final List<PostgresServer> replicas = new CopyOnWriteArrayList<>();

    private final @Nullable Thread destroyOnExit;

    private volatile boolean closed;

    private PostgresServer(Path script, Path root, String name, int port, @Nullable PostgresServer upstream,
            @Nullable Thread destroyOnExit) {
        this.script = script;
        this.root = root;
        this.name = name;
        this.port = port;
        this.upstream = upstream;
        this.destroyOnExit = destroyOnExit;
    }

    /** Creates and starts a primary whose commits return without waiting for any replica. */
    public static PostgresServer primary(String name) {
        return createPrimary(name, false);
    }

    /**
     * Creates and starts a primary whose every commit waits until one replica has flushed it (quorum of one out of
     * any replica): nothing acknowledged is lost when it dies and a replica is promoted. Until a replica streams from
     * it, commits (and {@link #createDatabase}) wait, so create the {@link #replica} first.
     */
    public static PostgresServer synchronousPrimary(String name) {
        return createPrimary(name, true);
    }

    private static PostgresServer createPrimary(String name, boolean synchronous) {
        Path script = locateScript();
        Path root = stateRoot();
        Thread destroyOnExit = Thread.ofPlatform().unstarted(() -> destroyAllQuietly(script, root));
        Runtime.getRuntime().addShutdownHook(destroyOnExit);
        try {
            int port = startOnFreePort(script, root, candidate -> synchronous
                    ? List.of("primary", name, Integer.toString(candidate), "--sync")
                    : List.of("primary", name, Integer.toString(candidate)));
            return new PostgresServer(script, root, name, port, null, destroyOnExit);
        }
        catch (RuntimeException ex) {
            destroyAllQuietly(script, root);
            Runtime.getRuntime().removeShutdownHook(destroyOnExit);
            throw ex;
        }
    }

    /**
     * Creates and starts a streaming replica of this server (a base backup with a replication slot of its own). It
     * accepts reads once it has started; {@link #awaitCaughtUp} waits until it has replayed everything written here.
     * It is destroyed with this server.
     */
    public PostgresServer replica(String name) {
        int port = startOnFreePort(this.script, this.root,
                candidate -> List.of("replica", name, Integer.toString(candidate), "--from", this.name));
        PostgresServer replica = new PostgresServer(this.script, this.root, name, port, this, null);
        this.replicas.add(replica);
        return replica;
    }

    /** The server's name, unique within its primary's state root. */
    public String name() {
        return this.name;
    }

    /** The loopback port the server listens on. */
    public int port() {
        return this.port;
    }

    /** A JDBC URL for {@code database} as the superuser, with connect and socket timeouts so no test waits forever. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database
                + "?user=postgres&connectTimeout=2&socketTimeout=10";
    }

    /** Creates the databases that do not exist yet (on a primary). */
    public void createDatabase(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("no database named");
        }
        List<String> arguments = new ArrayList<>(List.of("createdb", this.name));
        arguments.addAll(List.of(names));
        run(arguments);
    }

    /** Crashes the server: SIGKILL to the postmaster, returning once its processes are gone and its port is closed. */
    public void kill() {
        run(List.of("kill", this.name));
    }

    /** Stops the server with a fast shutdown (sessions are ended, nothing committed is lost). */
    public void stop() {
        run(List.of("stop", this.name));
    }

    /** Starts the server again (after {@link #kill()} it recovers from its WAL first). A running server is left alone. */
    public void start() {
        run(List.of("start", this.name));
    }

    /** Turns this replica into a primary that accepts writes, returning once it does. */
    public void promote() {
        run(List.of("promote", this.name));
    }

    /** Whether the server's postmaster is alive. */
    public boolean isRunning() {
        Result result = execute(this.script, this.root, List.of("status", this.name));
        if (result.exitCode() == 0 || result.exitCode() == STATUS_STOPPED) {
            return result.exitCode() == 0;
        }
        throw result.failure();
    }

    /**
     * How many bytes of WAL this replica has yet to replay to reach what its primary has written now; 0 means it has
     * everything committed on the primary before this call.
     * @throws IllegalStateException if this is not a replica (or no longer: promoted), or either server is unreachable
     */
    public long replayLagBytes() {
        PostgresServer primary = this.upstream;
        if (primary == null) {
            throw new IllegalStateException(this.name + " is a primary, not a replica");
        }
        // The primary's position first: a replica at or past it has everything committed before this call.
        String primaryLsn = primary.queryText("select pg_current_wal_lsn()::text");
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"));
                PreparedStatement statement = connection.prepareStatement(
                        "select pg_is_in_recovery(), greatest(0, pg_wal_lsn_diff(?::pg_lsn, pg_last_wal_replay_lsn()))::bigint")) {
            statement.setString(1, primaryLsn);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                if (!row.getBoolean(1)) {
                    throw new IllegalStateException(this.name + " is no longer a replica: it was promoted");
                }
                long lag = row.getLong(2);
                if (row.wasNull()) {
                    throw new IllegalStateException(this.name + " has not replayed any WAL yet");
                }
                return lag;
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("cannot read the replay lag of " + this.name + ": " + ex.getMessage(), ex);
        }
    }

    /** Waits until this replica has replayed everything its primary had written when the wait ended. */
    public void awaitCaughtUp(Duration timeout) {
        await(this.name + " caught up with " + (this.upstream == null ? "its primary" : this.upstream.name))
            .atMost(timeout).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
            .until(() -> replayLagBytes() == 0);
    }

    /**
     * Destroys the server and deletes its files; on a primary, also every replica made from it and the state root.
     * Closing twice does nothing.
     */
    @Override
    public void close() {
        if (this.closed) {
            return;
        }
        this.closed = true;
        PostgresServer primary = this.upstream;
        if (primary != null) {
            for (PostgresServer replica : this.replicas) {
                replica.close();
            }
            run(List.of("destroy", this.name));
            primary.replicas.remove(this);
            return;
        }
        this.replicas.forEach(replica -> replica.closed = true);
        try {
            run(List.of("destroy-all"));
            deleteRecursively(this.root);
        }
        finally {
            Thread hook = this.destroyOnExit;
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                }
                catch (IllegalStateException shuttingDown) {
                    // The hook is running or about to: it finds nothing left to destroy.
                }
            }
        }
    }

    @Override
    public String toString() {
        return (this.upstream == null ? "primary " : "replica ") + this.name + " on 127.0.0.1:" + this.port;
    }

    private String queryText(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"));
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getString(1);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("cannot query " + this.name + ": " + ex.getMessage(), ex);
        }
    }

    private void run(List<String> arguments) {
        Result result = execute(this.script, this.root, arguments);
        if (result.exitCode() != 0) {
            throw result.failure();
        }
    }

    /** Runs a start command on a free port, trying another when something took the port between pick and start. */
    /** A new directory in the system's temporary directory that any user may enter (the servers' files are theirs). */
    private static Path stateRoot() {
        try {
            Path root = Files.createTempDirectory("emporium-pg-");
            Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            return root;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot create a state root for PostgreSQL servers", ex);
        }
    }

    private static int startOnFreePort(Path script, Path root, IntFunction<List<String>> command) {
        for (int attempt = 1;; attempt++) {
            int port = freePort();
            Result result = execute(script, root, command.apply(port));
            if (result.exitCode() == 0) {
                return port;
            }
            if (attempt == PORT_ATTEMPTS || !result.output().contains("port " + port + " is in use")) {
                throw result.failure();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("no free loopback port", ex);
        }
    }

    /** The script, found by walking up from the working directory (a module's directory when tests run). */
    private static Path locateScript() {
        for (Path directory = Path.of(System.getProperty("user.dir")).toAbsolutePath(); directory != null;
                directory = directory.getParent()) {
            Path script = directory.resolve("tools/pg/pgctl.sh");
            if (Files.isExecutable(script)) {
                return script;
            }
        }
        throw new IllegalStateException("tools/pg/pgctl.sh not found above " + System.getProperty("user.dir"));
    }

    private static Result execute(Path script, Path root, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(arguments);
        Path output = null;
        try {
            // Output goes to a file, not a pipe: reading it can never block, and a hung script still times out.
            output = Files.createTempFile("pgctl", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().put("EMPORIUM_PG_ROOT", root.toString());
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", arguments) + " did not finish within " + COMMAND_TIMEOUT
                        + ":\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(arguments, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot run " + command, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, ex);
        }
        finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                }
                catch (IOException ex) {
                    // A leftover temporary file is harmless.
                }
            }
        }
    }

    private static void destroyAllQuietly(Path script, Path root) {
        try {
            execute(script, root, List.of("destroy-all"));
            deleteRecursively(root);
        }
        catch (RuntimeException ex) {
            System.err.println("PostgresServer: could not destroy the servers under " + root + ": " + ex.getMessage());
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot delete " + directory, ex);
        }
    }

    /** What one run of the script did. */
    private record Result(List<String> arguments, int exitCode, String output) {

        IllegalStateException failure() {
            return new IllegalStateException("pgctl.sh " + String.join(" ", this.arguments) + " failed (exit "
                    + this.exitCode + "):\n" + this.output.strip());
        }
    }
}
