/**
 * Cluster mode's data tier: PostgreSQL primaries with streaming replicas, Redis and a RabbitMQ node of the cluster's
 * own, each a child process of the supervisor under {@code var/}, and the arguments that point every service JVM at
 * them ({@link dev.emporium.cluster.infra.ClusterInfrastructure}).
 */
@NullMarked
package dev.emporium.cluster.infra;

import org.jspecify.annotations.NullMarked;
