package dev.emporium.storefront.catalog;

import dev.emporium.storefront.api.Money;
import org.jspecify.annotations.Nullable;

/** A product as listings show it (category pages, search, popular products). */
public record ProductSummary(String id, String name, Money price, @Nullable String imageUrl,
        @Nullable String categorySlug, @Nullable String categoryName) {
}
