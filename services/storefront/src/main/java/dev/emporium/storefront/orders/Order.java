package dev.emporium.storefront.orders;

import java.time.Instant;
import java.util.List;

import dev.emporium.storefront.api.Money;
import org.jspecify.annotations.Nullable;

/** One order of the customer's, {@code GET /api/orders/{id}}; {@code reason} says why a cancelled order was. */
public record Order(String id, String status, @Nullable String reason, List<Line> items, Money total, int itemCount,
        ShippingAddress shippingAddress, Instant createdAt) {

    public record Line(String productId, String name, @Nullable String imageUrl, int quantity, Money unitPrice,
            Money lineTotal) {
    }

    public String placedOn() {
        return Dates.display(this.createdAt);
    }

    public String badge() {
        return OrderStatus.badge(this.status);
    }

    public boolean pending() {
        return "PENDING".equals(this.status);
    }

    public boolean cancelled() {
        return "CANCELLED".equals(this.status);
    }
}
