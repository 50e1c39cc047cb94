package dev.emporium.storefront.ops;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the operations console watches and how.
 *
 * @param services every service's instances by name, as base URLs whose {@code /actuator/health} and
 *        {@code /actuator/prometheus} answer (embedded mode: {@code gateway: [http://localhost:8080]}, …)
 * @param sampleInterval how often the background sampler scrapes every instance while someone watches
 * @param window how far back the charts reach
 * @param idleAfter how long after the last look at the console the sampler keeps going (then it stops)
 * @param timeout how long one health check or scrape may take before the instance counts as unreachable
 */
@ConfigurationProperties("emporium.storefront.ops")
record OpsProperties(@DefaultValue Map<String, List<URI>> services, @DefaultValue("5s") Duration sampleInterval,
        @DefaultValue("5m") Duration window, @DefaultValue("3m") Duration idleAfter,
        @DefaultValue("2s") Duration timeout) {

    private static final List<String> EDGE = List.of("gateway", "storefront");

    /**
     * Every configured instance: the edge first (gateway, storefront), then the services by name, each service's
     * instances in the order given. (Settings from several sources arrive in no particular order.)
     */
    List<Instance> instances() {
        List<Instance> instances = new ArrayList<>();
        this.services.keySet().stream()
            .sorted(Comparator.comparingInt(OpsProperties::rank).thenComparing(Comparator.naturalOrder()))
            .forEach(service -> this.services.get(service).forEach(url -> instances.add(new Instance(service, url))));
        return instances;
    }

    private static int rank(String service) {
        int edge = EDGE.indexOf(service);
        return edge < 0 ? EDGE.size() : edge;
    }
}
