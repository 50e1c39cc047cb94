package dev.emporium.cluster.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.emporium.cluster.Supervised;
import dev.emporium.testsupport.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole data tier for real, on free loopback ports in a temporary var directory: every server starts and answers,
 * the databases exist, replicas stream, a killed replica or primary comes back on its data, a second start on the same
 * directory keeps the data, and stopping leaves no process behind. The processes are driven here the way the
 * supervisor drives them: start in order, each awaited healthy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterInfrastructureTests {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private Path var;

    private int base;

    private ClusterInfrastructure infrastructure;

    private final List<ProcessHandle> seen = new ArrayList<>();

    @BeforeAll
    void start() throws IOException {
        // The postgres and rabbitmq OS users must be able to enter it (a temporary directory is private by default).
        this.var = Files.createTempDirectory("emporium-cluster-infra-");
        Files.setPosixFilePermissions(this.var, PosixFilePermissions.fromString("rwxr-xr-x"));
        this.base = FreePorts.range(216);
        this.infrastructure = new ClusterInfrastructure(this.var, this.base);
        startAll();
    }

    @AfterAll
    void stopAndDelete() throws IOException {
        try {
            stopAll();
        }
        finally {
            this.seen.forEach(ProcessHandle::destroyForcibly);
            PostgresNode.deleteTree(this.var);
        }
    }

    @Test
    @Order(1)
    void everyProcessRunsOnItsPortAndIsHealthy() {
        assertThat(this.infrastructure.processes()).extracting(Supervised::name)
            .containsExactly("rabbitmq", "redis", "pg-main", "pg-main-replica-1", "pg-s0", "pg-s0-replica-1", "pg-s1",
                    "pg-s1-replica-1");
        assertThat(this.infrastructure.processes()).extracting(Supervised::port)
            .containsExactly(this.base + 202, this.base + 201, this.base + 210, this.base + 211, this.base + 212,
                    this.base + 213, this.base + 214, this.base + 215);
        for (Supervised process : this.infrastructure.processes()) {
            assertThat(process.healthy()).as(process.name()).isTrue();
            assertThat(process.pid()).as(process.name()).isPresent();
            assertThat(Files.exists(this.var.resolve("log").resolve(process.name() + ".log"))).isTrue();
        }
    }

    @Test
    @Order(2)
    void prepareCreatesTheDatabasesOnThePrimariesAndTheyReachTheReplicas() throws Exception {
        this.infrastructure.prepare();
        this.infrastructure.prepare();
        for (String name : List.of("pg-main", "pg-main-replica-1")) {
            awaitDatabases(name, ClusterInfrastructure.MAIN_DATABASES);
        }
        for (String shard : ClusterInfrastructure.SHARDS) {
            List<String> databases = ClusterInfrastructure.SHARDED_SERVICES.stream()
                .map(service -> "emporium_" + service + "_" + shard)
                .toList();
            awaitDatabases("pg-" + shard, databases);
            awaitDatabases("pg-" + shard + "-replica-1", databases);
            assertThat(databases(this.infrastructure.postgres("pg-" + shard))).doesNotContain(
                    "emporium_catalog", "emporium_orders_" + (shard.equals("s0") ? "s1" : "s0"));
        }
        assertThat(this.infrastructure.postgres("pg-main").inRecovery()).isFalse();
        assertThat(this.infrastructure.postgres("pg-main-replica-1").inRecovery()).isTrue();
    }

    @Test
    @Order(3)
    void aRowWrittenOnAShardPrimaryIsReadOnItsReplica() throws Exception {
        execute("pg-s0", "create table probe (id int primary key, note text)");
        execute("pg-s0", "insert into probe values (1, 'streamed')");
        await().atMost(Duration.ofSeconds(30)).until(() -> notes("pg-s0-replica-1").contains("streamed"));
    }

    @Test
    @Order(4)
    void aKilledReplicaStartsAgainOnItsDataAndCatchesUp() throws Exception {
        PostgresNode replica = this.infrastructure.postgres("pg-s0-replica-1");
        long before = replica.pid().orElseThrow();
        replica.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(before).isEmpty() && !replica.healthy());
        execute("pg-s0", "insert into probe values (2, 'written while the replica was down')");

        startAndAwait(replica);

        await().atMost(Duration.ofSeconds(30))
            .until(() -> notes("pg-s0-replica-1").contains("written while the replica was down"));
        execute("pg-s0", "insert into probe values (3, 'after the restart')");
        await().atMost(Duration.ofSeconds(30)).until(() -> notes("pg-s0-replica-1").contains("after the restart"));
        assertThat(replica.inRecovery()).isTrue();
    }

    @Test
    @Order(5)
    void aKilledPrimaryRecoversItsCommittedRows() throws Exception {
        PostgresNode primary = this.infrastructure.postgres("pg-s0");
        primary.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> !primary.healthy());

        startAndAwait(primary);

        assertThat(notes("pg-s0")).contains("streamed", "written while the replica was down", "after the restart");
        execute("pg-s0", "insert into probe values (4, 'after the primary came back')");
        await().atMost(Duration.ofSeconds(30))
            .until(() -> notes("pg-s0-replica-1").contains("after the primary came back"));
    }

    @Test
    @Order(6)
    void redisAnswersAndRabbitMqTakesAndGivesBackAMessage() throws Exception {
        Supervised redis = process("redis");
        assertThat(redis.healthy()).isTrue();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(this.base + 202);
        try (com.rabbitmq.client.Connection connection = factory.newConnection();
                Channel channel = connection.createChannel()) {
            String queue = channel.queueDeclare("probe", true, false, false, null).getQueue();
            channel.basicPublish("", queue, null, "hello".getBytes(UTF_8));
            await().atMost(Duration.ofSeconds(10)).until(() -> channel.messageCount(queue) == 1);
            GetResponse response = channel.basicGet(queue, true);
            assertThat(new String(response.getBody(), UTF_8)).isEqualTo("hello");
        }
    }

    @Test
    @Order(7)
    void theServiceArgumentsPointAtThisDataTier() {
        int b = this.base;
        assertThat(this.infrastructure.serviceArguments()).contains("--spring.profiles.active=postgres",
                "--emporium.postgres.server=127.0.0.1:" + (b + 210) + ",127.0.0.1:" + (b + 211),
                "--emporium.postgres.shard-servers.s0=127.0.0.1:" + (b + 212) + ",127.0.0.1:" + (b + 213),
                "--emporium.postgres.shard-servers.s1=127.0.0.1:" + (b + 214) + ",127.0.0.1:" + (b + 215),
                "--emporium.cache.redis.url=redis://127.0.0.1:" + (b + 201),
                "--emporium.messaging.rabbit.addresses=127.0.0.1:" + (b + 202),
                "--emporium.catalog.read-replicas.url=jdbc:postgresql://127.0.0.1:" + (b + 211) + ",127.0.0.1:"
                        + (b + 210) + "/emporium_catalog?targetServerType=preferSecondary&"
                        + ClusterInfrastructure.PARAMS);
    }

    @Test
    @Order(8)
    void aSecondStartOnTheSameDirectoryKeepsTheData() throws Exception {
        stopAll();
        startAll();
        this.infrastructure.prepare();
        assertThat(notes("pg-s0")).contains("streamed", "after the primary came back");
        await().atMost(Duration.ofSeconds(30)).until(() -> notes("pg-s0-replica-1").contains("after the primary came back"));
    }

    @Test
    @Order(9)
    void stoppingLeavesNoProcessAndNoOpenPort() {
        stopAll();
        for (Supervised process : this.infrastructure.processes()) {
            assertThat(process.pid()).as(process.name()).isEmpty();
            assertThat(((ServerProcess) process).processes()).as(process.name()).isEmpty();
            assertThat(ServerProcess.listening(process.port())).as(process.name()).isFalse();
        }
        assertThat(this.seen).noneMatch(ServerProcess::running);
    }

    private void startAll() throws IOException {
        for (Supervised process : this.infrastructure.processes()) {
            startAndAwait(process);
        }
    }

    private void startAndAwait(Supervised process) throws IOException {
        process.start();
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(process::healthy);
        this.seen.addAll(((ServerProcess) process).processes());
    }

    private void stopAll() {
        List<Supervised> processes = new ArrayList<>(this.infrastructure.processes());
        java.util.Collections.reverse(processes);
        processes.forEach(Supervised::stop);
    }

    private Supervised process(String name) {
        return this.infrastructure.processes().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private void awaitDatabases(String server, List<String> expected) {
        await().atMost(Duration.ofSeconds(30))
            .until(() -> databases(this.infrastructure.postgres(server)).containsAll(expected));
    }

    private static List<String> databases(PostgresNode server) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = server.connect("postgres"); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select datname from pg_database")) {
            while (result.next()) {
                names.add(result.getString(1));
            }
        }
        return names;
    }

    private void execute(String server, String sql) throws SQLException {
        try (Connection connection = this.infrastructure.postgres(server).connect("emporium_orders_s0");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<String> notes(String server) {
        List<String> notes = new ArrayList<>();
        try (Connection connection = this.infrastructure.postgres(server).connect("emporium_orders_s0");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select note from probe order by id")) {
            while (result.next()) {
                notes.add(result.getString(1));
            }
        }
        catch (SQLException ex) {
            // Not there yet (the table has not reached the replica), or the server is restarting.
        }
        return notes;
    }
}
