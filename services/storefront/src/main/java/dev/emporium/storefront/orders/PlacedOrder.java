package dev.emporium.storefront.orders;

/** What {@code POST /api/orders} accepts with: the new (or, for a repeated key, the earlier) order. */
public record PlacedOrder(String id, String status) {
}
