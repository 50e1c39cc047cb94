package dev.emporium.storefront.ops;

import java.time.Instant;
import java.util.List;

import dev.emporium.storefront.ops.ActuatorClient.Health;
import dev.emporium.storefront.ops.ActuatorClient.Scrape;

/** Every configured instance's health and metrics, as sampled at one moment. */
record Snapshot(Instant at, List<InstanceStatus> instances) {

    Snapshot {
        instances = List.copyOf(instances);
    }

    /** One instance as sampled: its health check and its scrape, either of which may have failed. */
    record InstanceStatus(Instance instance, Health health, Scrape scrape) {
    }
}
