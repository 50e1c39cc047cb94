package dev.emporium.cluster;

import java.util.List;

import dev.emporium.embedded.EmbeddedService;

/**
 * Which port each process of the cluster takes, from the base port B (the cluster-mode contract): instance i
 * (1-based) of service k (its index in {@link EmbeddedService#ALL}) on B + 10k + (i - 1), the control API on B + 200,
 * the data tier from B + 201, latency fault proxies from B + 250. The edge has a port of its own.
 */
record PortPlan(int base) {

    /** How many ports above the base the plan uses at most. */
    static final int SPAN = 299;

    static final int MAX_INSTANCES = 10;

    private static final int FAULT_PROXIES = 250;

    int service(EmbeddedService service, int instance) {
        checkInstances(instance);
        return this.base + 10 * serviceIndex(service.name()) + (instance - 1);
    }

    int control() {
        return this.base + 200;
    }

    /** The n-th fault proxy (0-based), one per instance a latency fault puts a proxy in front of. */
    int faultProxy(int n) {
        if (n < 0 || n >= SPAN - FAULT_PROXIES) {
            throw new IllegalArgumentException("no port for fault proxy " + n);
        }
        return this.base + FAULT_PROXIES + n;
    }

    static int serviceIndex(String name) {
        List<EmbeddedService> all = EmbeddedService.ALL;
        for (int k = 0; k < all.size(); k++) {
            if (all.get(k).name().equals(name)) {
                return k;
            }
        }
        throw new UnknownNameException("service", name);
    }

    static EmbeddedService service(String name) {
        return EmbeddedService.ALL.get(serviceIndex(name));
    }

    static void checkInstances(int instances) {
        if (instances < 1 || instances > MAX_INSTANCES) {
            throw new IllegalArgumentException("instances must be 1 to " + MAX_INSTANCES + ", not " + instances);
        }
    }

    static void check(int port, String what) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(what + " must be 1 to 65535, not " + port);
        }
    }
}
