/** Charges and refunds, idempotent by key, with the simulator's test tokens and injected latency and failures. */
@NullMarked
package dev.emporium.provider.charge;

import org.jspecify.annotations.NullMarked;
