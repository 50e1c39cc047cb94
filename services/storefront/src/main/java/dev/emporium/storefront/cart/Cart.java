package dev.emporium.storefront.cart;

import java.util.List;

import dev.emporium.storefront.api.Money;

/** The customer's cart as {@code GET /api/cart} answers it. */
public record Cart(List<CartLine> items, Money total, int itemCount) {

    public boolean isEmpty() {
        return this.items.isEmpty();
    }
}
