/**
 * The load generator: Gatling's open-model simulation {@link dev.emporium.loadgen.EmporiumMix} of shoppers browsing,
 * searching, filling carts and checking out, run by {@code ./emporium load}.
 */
@NullMarked
package dev.emporium.loadgen;

import org.jspecify.annotations.NullMarked;
