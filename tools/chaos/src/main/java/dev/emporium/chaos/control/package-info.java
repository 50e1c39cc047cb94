/** The cluster as the chaos tool reaches it: the supervisor's control API and the instances' Prometheus metrics. */
@NullMarked
package dev.emporium.chaos.control;

import org.jspecify.annotations.NullMarked;
