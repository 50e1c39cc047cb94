/** Reservations of stock for orders: all-or-nothing, idempotent by order id, never overselling. */
@NullMarked
package dev.emporium.inventory.reservation;

import org.jspecify.annotations.NullMarked;
