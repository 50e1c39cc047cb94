package dev.emporium.cluster.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * One PostgreSQL server of the cluster under {@code var/pg/<name>}: a primary, or a streaming replica of one. It is set
 * up the way {@code tools/pg/pgctl.sh} sets up its servers (trust on loopback only, the settings in an included
 * {@code emporium.conf}, a replica copied by {@code pg_basebackup} with a replication slot and its name as
 * application name), but the postmaster runs in the foreground as the supervisor's child rather than detached by
 * {@code pg_ctl}, so its death is seen at once and a restart is {@code postgres -D} on the same data directory: a
 * crashed primary recovers from its WAL, a crashed replica resumes streaming from its slot.
 * <p>
 * Replication is asynchronous: with one replica per primary, synchronous commits would stop every write while the
 * replica is down, and killing replicas is what the chaos scenarios do.
 */
final class PostgresNode extends ServerProcess {

    private static final String USER = "postgres";

    private final Path directory;

    private final @Nullable PostgresNode upstream;

    private PostgresNode(String name, int port, Path var, @Nullable PostgresNode upstream) {
        super(name, "postgres", port, var);
        this.directory = var.resolve("pg").resolve(name);
        this.upstream = upstream;
    }

    static PostgresNode primary(String name, int port, Path var) {
        return new PostgresNode(name, port, var, null);
    }

    static PostgresNode replica(String name, int port, Path var, PostgresNode upstream) {
        return new PostgresNode(name, port, var, upstream);
    }

    @Nullable PostgresNode upstream() {
        return this.upstream;
    }

    Path data() {
        return this.directory.resolve("data");
    }

    /** {@code 127.0.0.1:port}, as pgjdbc host lists have it. */
    String address() {
        return "127.0.0.1:" + port();
    }

    @Override
    Path workingDirectory() {
        return this.directory;
    }

    @Override
    List<String> prepareAndCommand() throws IOException {
        if (!Files.exists(data().resolve("PG_VERSION"))) {
            create();
        }
        // A postmaster.pid left by a killed postmaster is taken over by the new one: it checks that the pid is gone.
        return as(USER, List.of(bin("postgres").toString(), "-D", data().toString()));
    }

    /** Fast shutdown (SIGINT): open sessions are ended, not waited for as SIGTERM's smart shutdown would. */
    @Override
    void askToStop(Process running) throws IOException {
        run(List.of("kill", "-INT", Long.toString(running.pid())), Path.of("/"), null);
    }

    @Override
    public boolean healthy() {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select 1")) {
            return result.next();
        }
        catch (SQLException ex) {
            return false;
        }
    }

    /** Whether it replays its primary's WAL (a replica not promoted). */
    boolean inRecovery() throws SQLException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select pg_is_in_recovery()")) {
            result.next();
            return result.getBoolean(1);
        }
    }

    Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("socketTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://" + address() + "/" + database, properties);
    }

    /** Creates the databases that do not exist yet; they reach the replicas through the WAL. */
    void createDatabases(List<String> databases) throws SQLException {
        try (Connection connection = connect("postgres")) {
            for (String database : databases) {
                if (!database.matches("[a-z0-9_]+")) {
                    throw new IllegalArgumentException("invalid database name " + database);
                }
                boolean exists;
                try (PreparedStatement query = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                    query.setString(1, database);
                    try (ResultSet result = query.executeQuery()) {
                        exists = result.next();
                    }
                }
                if (!exists) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("create database " + database);
                    }
                }
            }
        }
    }

    private void create() throws IOException {
        // The remains of a creation that did not finish (initdb or the copy died half way) are started again.
        if (Files.exists(this.directory)) {
            deleteTree(this.directory);
        }
        Files.createDirectories(this.directory);
        own(USER, this.directory);
        if (ROOT) {
            try {
                run(as(USER, List.of("test", "-w", this.directory.toString())), Path.of("/"), null);
            }
            catch (IOException ex) {
                throw new IOException("the postgres OS user cannot write to " + this.directory
                        + ": make the var directory and its parents searchable (chmod o+x) or use another var", ex);
            }
        }
        if (this.upstream == null) {
            run(as(USER, List.of(bin("initdb").toString(), "-D", data().toString(), "-U", USER, "--auth=trust",
                    "--encoding=UTF8", "--locale=C.UTF-8")), this.directory, log());
            Files.writeString(data().resolve("postgresql.conf"), "\ninclude 'emporium.conf'\n",
                    java.nio.file.StandardOpenOption.APPEND);
        }
        else {
            copyFrom(this.upstream);
        }
        writeConf();
        writeHba();
        own(USER, this.directory);
    }

    /** {@code pg_basebackup} from the primary, streaming its WAL, with a replication slot named after this replica. */
    private void copyFrom(PostgresNode primary) throws IOException {
        String slot = slot();
        try (Connection connection = primary.connect("postgres");
                PreparedStatement query = connection.prepareStatement(
                        "select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = ? and not active")) {
            // The slot of a replica whose directory was deleted would keep the primary's WAL forever and block -C.
            query.setString(1, slot);
            query.execute();
        }
        catch (SQLException ex) {
            throw new IOException("cannot reach " + primary.name() + " to copy it into " + name(), ex);
        }
        run(as(USER, List.of(bin("pg_basebackup").toString(), "-D", data().toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(primary.port()), "-U", USER, "-X", "stream", "-c", "fast", "-C", "-S", slot, "-R")),
                this.directory, log());
        // -R wrote a primary_conninfo without an application name: with one, the primary's pg_stat_replication
        // shows the replica by its name.
        Path auto = data().resolve("postgresql.auto.conf");
        List<String> lines = new ArrayList<>(Files.readAllLines(auto).stream()
            .filter(line -> !line.startsWith("primary_conninfo") && !line.startsWith("primary_slot_name"))
            .toList());
        lines.add("primary_conninfo = 'host=127.0.0.1 port=" + primary.port() + " user=" + USER + " application_name="
                + name() + "'");
        lines.add("primary_slot_name = '" + slot + "'");
        Files.write(auto, lines);
    }

    private String slot() {
        return name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /** Small: six servers and a few dozen JVMs share one machine. A replica gets its own copy (its port). */
    private void writeConf() throws IOException {
        Files.writeString(data().resolve("emporium.conf"), """
                # Written by cluster mode (dev.emporium.cluster.infra.PostgresNode) for server '%s'.
                listen_addresses = '127.0.0.1'
                port = %d
                unix_socket_directories = ''
                # A pool per service instance and database: with every service scaled up, a few hundred connections.
                max_connections = 300
                shared_buffers = 16MB
                work_mem = 2MB
                maintenance_work_mem = 16MB
                max_wal_size = 256MB
                wal_level = replica
                max_wal_senders = 5
                max_replication_slots = 5
                hot_standby = on
                synchronous_commit = on
                synchronous_standby_names = ''
                log_line_prefix = '%%m [%%p] '
                """.formatted(name(), port()));
    }

    private void writeHba() throws IOException {
        Files.writeString(data().resolve("pg_hba.conf"), """
                # Written by cluster mode: trust, for loopback only (nothing listens elsewhere).
                host    all          all   127.0.0.1/32  trust
                host    replication  all   127.0.0.1/32  trust
                """);
    }

    /** The newest installed PostgreSQL's programs (Debian: {@code /usr/lib/postgresql/<major>/bin}). */
    static Path bin(String program) throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Path newest = versions.filter(version -> Files.isExecutable(version.resolve("bin/postgres")))
                    .max(Comparator.comparingInt(PostgresNode::major))
                    .orElse(null);
                if (newest != null) {
                    return newest.resolve("bin").resolve(program);
                }
            }
        }
        throw new IOException("no PostgreSQL server under /usr/lib/postgresql (apt-get install postgresql)");
    }

    private static int major(Path version) {
        try {
            return Integer.parseInt(version.getFileName().toString());
        }
        catch (NumberFormatException ex) {
            return -1;
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
