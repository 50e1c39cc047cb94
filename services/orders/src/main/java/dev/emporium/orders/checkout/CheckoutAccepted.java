package dev.emporium.orders.checkout;

import dev.emporium.orders.order.OrderStatus;

/** The answer to a checkout: the order's id and where it stands now. */
record CheckoutAccepted(String id, OrderStatus status) {
}
