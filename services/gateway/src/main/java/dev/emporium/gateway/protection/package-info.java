/**
 * What the gateway does before any downstream call to protect the services and itself: load shedding (a cap on
 * requests in flight) and rate limits per client (DESIGN §7, docs/resilience.md).
 */
@NullMarked
package dev.emporium.gateway.protection;

import org.jspecify.annotations.NullMarked;
