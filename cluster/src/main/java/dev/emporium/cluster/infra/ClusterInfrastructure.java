package dev.emporium.cluster.infra;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.emporium.cluster.Supervised;

/**
 * Cluster mode's data tier under {@code var/}: three PostgreSQL primaries, each with a streaming replica ({@code
 * pg-main} for the unsharded services and the shard directory, {@code pg-s0} and {@code pg-s1} for the shards), Redis
 * for the shared caches and a RabbitMQ node of the cluster's own. The supervisor starts {@link #processes()} in their
 * order, each healthy before the next (a replica is copied from its running primary the first time), restarts what
 * dies, then calls {@link #prepare()}; every service JVM gets {@link #serviceArguments()}.
 * <p>
 * Ports, from the base port B: Redis B+201, RabbitMQ B+202 (AMQP) and B+203 (Erlang distribution), PostgreSQL
 * B+210 to B+215 (each primary, then its replica).
 */
public final class ClusterInfrastructure {

    /** The unsharded services' databases and the shard directory, on {@code pg-main}. */
    static final List<String> MAIN_DATABASES = List.of("emporium_directory", "emporium_catalog", "emporium_inventory",
            "emporium_media", "emporium_notifications", "emporium_payment_provider");

    /** The sharded services (their {@code spring.application.name}): a database each on every shard server. */
    static final List<String> SHARDED_SERVICES = List.of("identity", "cart", "orders", "payments");

    static final List<String> SHARDS = List.of("s0", "s1");

    /**
     * The platform's connection parameters ({@code emporium.postgres.params} in emporium-platform-defaults.properties)
     * for the URLs written here; the services' own URLs add them themselves.
     */
    static final String PARAMS = "connectTimeout=2&socketTimeout=30&tcpKeepAlive=true&hostRecheckSeconds=2"
            + "&options=-c%20statement_timeout%3D15000";

    private final int basePort;

    private final PostgresNode main;

    private final PostgresNode mainReplica;

    private final Map<String, PostgresNode> shards;

    private final Map<String, PostgresNode> shardReplicas;

    private final RedisServer redis;

    private final RabbitNode rabbit;

    public ClusterInfrastructure(Path var, int basePort) {
        Path root = var.toAbsolutePath().normalize();
        this.basePort = basePort;
        this.main = PostgresNode.primary("pg-main", basePort + 210, root);
        this.mainReplica = PostgresNode.replica("pg-main-replica-1", basePort + 211, root, this.main);
        PostgresNode s0 = PostgresNode.primary("pg-s0", basePort + 212, root);
        PostgresNode s1 = PostgresNode.primary("pg-s1", basePort + 214, root);
        this.shards = Map.of("s0", s0, "s1", s1);
        this.shardReplicas = Map.of("s0", PostgresNode.replica("pg-s0-replica-1", basePort + 213, root, s0), "s1",
                PostgresNode.replica("pg-s1-replica-1", basePort + 215, root, s1));
        this.redis = new RedisServer(basePort + 201, root);
        this.rabbit = new RabbitNode(basePort + 202, basePort + 203, basePort, root);
    }

    /** In start order: a replica after its primary; RabbitMQ, the slowest to boot, first. */
    public List<Supervised> processes() {
        List<Supervised> processes = new ArrayList<>(List.of(this.rabbit, this.redis, this.main, this.mainReplica));
        for (String shard : SHARDS) {
            processes.add(this.shards.get(shard));
            processes.add(this.shardReplicas.get(shard));
        }
        return List.copyOf(processes);
    }

    /**
     * Creates the databases that do not exist yet (on the primaries; the replicas get them through the WAL). Run
     * once every process is healthy; a second {@code cluster up} on the same {@code var/} finds them and keeps their
     * data. The RabbitMQ node needs nothing: the services declare their exchanges and queues, on its default vhost.
     */
    public void prepare() throws IOException {
        try {
            this.main.createDatabases(MAIN_DATABASES);
            for (String shard : SHARDS) {
                this.shards.get(shard)
                    .createDatabases(SHARDED_SERVICES.stream().map(service -> "emporium_" + service + "_" + shard).toList());
            }
        }
        catch (SQLException ex) {
            throw new IOException("cannot create the cluster's databases", ex);
        }
    }

    /**
     * What every service JVM is told. Each database URL lists a primary and its replica with {@code
     * targetServerType=primary}, so pgjdbc finds the replica once it has been promoted; read replicas list the
     * replica first and the primary last with {@code preferSecondary}, so reads go on (on the primary) while the
     * replica is down. A shard's replica URL names its database through {@code spring.application.name}, which the
     * sharded services' databases are named after; the services that are not sharded do not read it.
     */
    public List<String> serviceArguments() {
        List<String> arguments = new ArrayList<>();
        arguments.add("--spring.profiles.active=postgres");
        arguments.add("--emporium.postgres.server=" + hosts(this.main, this.mainReplica));
        arguments.add("--emporium.postgres.directory-server=" + hosts(this.main, this.mainReplica));
        arguments.add("--emporium.postgres.params=targetServerType=primary&" + PARAMS);
        for (String shard : SHARDS) {
            PostgresNode primary = this.shards.get(shard);
            PostgresNode replica = this.shardReplicas.get(shard);
            arguments.add("--emporium.postgres.shard-servers." + shard + "=" + hosts(primary, replica));
            arguments.add("--emporium.sharding.shards." + shard + ".replica-url=jdbc:postgresql://"
                    + hosts(replica, primary) + "/emporium_${spring.application.name}_" + shard
                    + "?targetServerType=preferSecondary&" + PARAMS);
        }
        arguments.add("--emporium.catalog.read-replicas.url=jdbc:postgresql://" + hosts(this.mainReplica, this.main)
                + "/emporium_catalog?targetServerType=preferSecondary&" + PARAMS);
        arguments.add("--emporium.cache.redis.enabled=true");
        arguments.add("--emporium.cache.redis.url=redis://127.0.0.1:" + this.redis.port());
        arguments.add("--emporium.messaging.transport=rabbit");
        arguments.add("--emporium.messaging.rabbit.addresses=127.0.0.1:" + this.rabbit.port());
        arguments.add("--emporium.messaging.rabbit.virtual-host=/");
        return List.copyOf(arguments);
    }

    /** The RabbitMQ node's name, for {@code rabbitmqctl -n}. */
    public String rabbitNode() {
        return this.rabbit.node();
    }

    int basePort() {
        return this.basePort;
    }

    PostgresNode postgres(String name) {
        return processes().stream()
            .filter(PostgresNode.class::isInstance)
            .map(PostgresNode.class::cast)
            .filter(node -> node.name().equals(name))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no PostgreSQL server " + name));
    }

    private static String hosts(PostgresNode first, PostgresNode second) {
        return first.address() + "," + second.address();
    }
}
