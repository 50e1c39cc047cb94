package dev.emporium.orders.order;

import java.time.Instant;

/** An order as the customer's list of orders shows it. */
record OrderSummary(String id, OrderStatus status, Money total, int itemCount, Instant createdAt) {
}
