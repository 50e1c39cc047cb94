package dev.emporium.orders.order;

import java.time.Instant;

/** An order as the admins' list of every user's latest orders shows it: whose it is, and in which bucket. */
record AdminOrderSummary(String id, String userId, OrderStatus status, Money total, int itemCount, Instant createdAt,
        int bucket) {
}
