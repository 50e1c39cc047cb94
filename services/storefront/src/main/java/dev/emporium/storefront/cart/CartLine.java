package dev.emporium.storefront.cart;

import dev.emporium.storefront.api.Money;
import org.jspecify.annotations.Nullable;

/** One line of the cart, priced at the time it was added or last changed. */
public record CartLine(String productId, String name, @Nullable String imageUrl, int quantity, Money unitPrice,
        Money lineTotal) {
}
