/**
 * The in-process load driver: shoppers arriving at a fixed rate whatever the answers' speed (open model), the mix
 * of what they do, and the per-second timeline of what they saw.
 */
@NullMarked
package dev.emporium.chaos.load;

import org.jspecify.annotations.NullMarked;
