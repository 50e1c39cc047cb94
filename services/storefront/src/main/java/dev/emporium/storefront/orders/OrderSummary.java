package dev.emporium.storefront.orders;

import java.time.Instant;

import dev.emporium.storefront.api.Money;

/** A row of the order history, {@code GET /api/orders}. */
public record OrderSummary(String id, String status, Money total, int itemCount, Instant createdAt) {

    public String placedOn() {
        return Dates.display(this.createdAt);
    }

    public String badge() {
        return OrderStatus.badge(this.status);
    }
}
