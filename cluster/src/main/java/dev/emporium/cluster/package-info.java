/** Cluster mode on one machine: the topology, its processes and the supervisor that keeps them running. */
@NullMarked
package dev.emporium.cluster;

import org.jspecify.annotations.NullMarked;
