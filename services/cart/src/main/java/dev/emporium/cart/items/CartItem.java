package dev.emporium.cart.items;

import org.jspecify.annotations.Nullable;

/**
 * One line of a cart as the API shows it. Name, image and unit price are the catalog's as of when the line was
 * added or its quantity last changed.
 */
record CartItem(String productId, String name, @Nullable String imageUrl, int quantity, Money unitPrice, Money lineTotal) {

    static CartItem of(String productId, String name, @Nullable String imageUrl, int quantity, Money unitPrice) {
        return new CartItem(productId, name, imageUrl, quantity, unitPrice, unitPrice.times(quantity));
    }
}
