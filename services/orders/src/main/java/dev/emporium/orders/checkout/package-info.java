/** Checkout: turns the caller's cart into an order, once per idempotency key, with stock reserved at inventory. */
@NullMarked
package dev.emporium.orders.checkout;

import org.jspecify.annotations.NullMarked;
