package dev.emporium.cluster.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A RabbitMQ node of the cluster's own, {@code emporium-<base port>@localhost}, beside the machine's broker (which
 * other users share and which is never touched): Debian's {@code rabbitmq-server} with its state, logs and pid file
 * under {@code var/rabbitmq}, AMQP and Erlang distribution on loopback ports of the cluster's range, and no plugins
 * (no management UI: an empty enabled-plugins file). It reads the machine's Erlang cookie, so {@code rabbitmqctl -n
 * emporium-<B>@localhost} works as usual. A first start takes about 30 s on this machine, a restart about 10 s.
 * <p>
 * One node: the queues are classic durable queues; quorum queues need three nodes to be worth their name.
 */
final class RabbitNode extends ServerProcess {

    private static final String USER = "rabbitmq";

    private final Path directory;

    private final int distributionPort;

    private final String node;

    RabbitNode(int port, int distributionPort, int basePort, Path var) {
        super("rabbitmq", "rabbitmq", port, var);
        this.directory = var.resolve("rabbitmq");
        this.distributionPort = distributionPort;
        this.node = "emporium-" + basePort + "@localhost";
    }

    String node() {
        return this.node;
    }

    @Override
    Path workingDirectory() {
        return this.directory;
    }

    @Override
    List<String> prepareAndCommand() throws IOException {
        Files.createDirectories(this.directory.resolve("mnesia"));
        Files.createDirectories(this.directory.resolve("log"));
        Path plugins = this.directory.resolve("enabled_plugins");
        if (!Files.exists(plugins)) {
            Files.writeString(plugins, "[].\n");
        }
        own(USER, this.directory);
        // The server itself, not Debian's /usr/sbin wrapper, which would switch users through su and log elsewhere.
        return as(USER, List.of("/usr/lib/rabbitmq/bin/rabbitmq-server"));
    }

    @Override
    Map<String, String> environment() {
        return Map.ofEntries(
                // Where the machine's cookie is: the node and rabbitmqctl must share one.
                Map.entry("HOME", ROOT ? "/var/lib/rabbitmq" : System.getProperty("user.home")),
                Map.entry("RABBITMQ_NODENAME", this.node),
                Map.entry("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1"),
                Map.entry("RABBITMQ_NODE_PORT", Integer.toString(port())),
                Map.entry("RABBITMQ_DIST_PORT", Integer.toString(this.distributionPort)),
                Map.entry("RABBITMQ_MNESIA_BASE", this.directory.resolve("mnesia").toString()),
                Map.entry("RABBITMQ_LOG_BASE", this.directory.resolve("log").toString()),
                Map.entry("RABBITMQ_PID_FILE", this.directory.resolve("rabbitmq.pid").toString()),
                Map.entry("RABBITMQ_ENABLED_PLUGINS_FILE", this.directory.resolve("enabled_plugins").toString()),
                // No /etc/rabbitmq configuration of the machine's broker.
                Map.entry("RABBITMQ_CONFIG_FILE", this.directory.resolve("rabbitmq").toString()),
                Map.entry("RABBITMQ_ADVANCED_CONFIG_FILE", this.directory.resolve("advanced.config").toString()),
                Map.entry("RABBITMQ_CONF_ENV_FILE", this.directory.resolve("rabbitmq-env.conf").toString()),
                // Erlang distribution on loopback only; two schedulers are all this machine has.
                Map.entry("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1} +S 2:2"));
    }

    /** The AMQP listener accepts connections: it opens at the very end of the boot. */
    @Override
    public boolean healthy() {
        return listening(port());
    }
}
