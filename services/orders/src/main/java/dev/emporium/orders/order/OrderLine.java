package dev.emporium.orders.order;

import org.jspecify.annotations.Nullable;

/** A product, its quantity and its unit price as they were in the cart at checkout. */
public record OrderLine(String productId, String name, @Nullable String imageUrl, int quantity, Money unitPrice) {

    public OrderLine {
        if (quantity < 1) {
            throw new IllegalArgumentException("a line needs a positive quantity, not " + quantity);
        }
    }

    public Money lineTotal() {
        return this.unitPrice.times(this.quantity);
    }
}
