package dev.emporium.catalog.product;

import java.util.Map;

/** A product with its category, as the product page shows it. */
record Product(String id, String sku, String name, String description, Money price, String imageUrl,
        String categorySlug, String categoryName, Map<String, Object> attributes, boolean active) {

    ProductSummary summary() {
        return new ProductSummary(this.id, this.name, this.price, this.imageUrl, this.categorySlug, this.categoryName);
    }
}
