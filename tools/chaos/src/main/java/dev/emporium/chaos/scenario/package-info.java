/**
 * The chaos scenarios: each breaks the cluster in one way under load and judges what the shoppers saw against its
 * pass criterion; and the capacity search the overload scenario and the capacity benchmark share.
 */
@NullMarked
package dev.emporium.chaos.scenario;

import org.jspecify.annotations.NullMarked;
