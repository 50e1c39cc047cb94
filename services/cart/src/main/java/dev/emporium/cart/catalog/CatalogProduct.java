package dev.emporium.cart.catalog;

import org.jspecify.annotations.Nullable;

/**
 * The fields of the catalog's product that the cart snapshots; the catalog sends more, which are ignored.
 *
 * @param price the current price, {@code amount} in minor units of {@code currency}
 */
public record CatalogProduct(String id, String name, @Nullable String imageUrl, Price price) {

    public record Price(long amount, String currency) {
    }
}
