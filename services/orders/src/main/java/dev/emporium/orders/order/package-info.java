/** Orders: the order with its guarded status transitions, its table, and the customer's view of their orders. */
@NullMarked
package dev.emporium.orders.order;

import org.jspecify.annotations.NullMarked;
