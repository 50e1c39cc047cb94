/**
 * The operations console ({@code /ops}, admins only): every instance's health, the shard map, circuit breakers,
 * cache hit ratios, queues and outbox lag, and live request, error and latency charts, from the instances'
 * {@code /actuator/health} and {@code /actuator/prometheus}, sampled in the background only while someone watches.
 */
@NullMarked
package dev.emporium.storefront.ops;

import org.jspecify.annotations.NullMarked;
