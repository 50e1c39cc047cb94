/** Payments of orders: the saga's charges and refunds at the payment provider, sharded by user. */
@NullMarked
package dev.emporium.payments;

import org.jspecify.annotations.NullMarked;
