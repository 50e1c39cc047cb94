package dev.emporium.orders.order;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An order as its page shows it; {@code reason} only for a cancelled order; {@code updatedAt} is when its status last
 * changed (for a settled order: when it was confirmed or cancelled). The payment token is not shown.
 */
record OrderDetails(String id, OrderStatus status, @Nullable String reason, List<Item> items, Money total, int itemCount,
        ShippingAddress shippingAddress, Instant createdAt, Instant updatedAt) {

    static OrderDetails of(Order order) {
        List<Item> items = order.lines().stream()
            .map(line -> new Item(line.productId(), line.name(), line.imageUrl(), line.quantity(), line.unitPrice(), line.lineTotal()))
            .toList();
        return new OrderDetails(order.id().toString(), order.status(), order.reason(), items, order.total(),
                order.itemCount(), order.shippingAddress(), order.createdAt(), order.updatedAt());
    }

    record Item(String productId, String name, @Nullable String imageUrl, int quantity, Money unitPrice, Money lineTotal) {
    }
}
