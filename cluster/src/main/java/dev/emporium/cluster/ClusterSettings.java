package dev.emporium.cluster;

import java.nio.file.Path;
import java.util.Map;

import dev.emporium.embedded.EmbeddedService;

/**
 * What a cluster is made of and where it lives.
 *
 * @param var the state directory (logs, databases, the discovery file, nginx's configuration); kept by
 *        {@link Cluster#close()}, so the next start finds its data again
 * @param edgePort nginx's port, the cluster's public address
 * @param basePort the first of the ports every other process takes ({@link PortPlan})
 * @param instances instances per service, by service name; a service not named gets {@link #DEFAULT_INSTANCES}
 */
public record ClusterSettings(Path var, int edgePort, int basePort, Map<String, Integer> instances) {

    public static final int DEFAULT_INSTANCES = 2;

    public ClusterSettings {
        var = var.toAbsolutePath().normalize();
        instances = Map.copyOf(instances);
        PortPlan.check(edgePort, "edge port");
        PortPlan.check(basePort, "base port");
        PortPlan.check(basePort + PortPlan.SPAN, "base port + " + PortPlan.SPAN);
        for (Map.Entry<String, Integer> entry : instances.entrySet()) {
            PortPlan.serviceIndex(entry.getKey());
            PortPlan.checkInstances(entry.getValue());
        }
    }

    /** Every service with {@link #DEFAULT_INSTANCES} instances. */
    public static ClusterSettings of(Path var, int edgePort, int basePort) {
        return new ClusterSettings(var, edgePort, basePort, Map.of());
    }

    int instancesOf(EmbeddedService service) {
        return this.instances.getOrDefault(service.name(), DEFAULT_INSTANCES);
    }
}
