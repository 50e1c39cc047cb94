package dev.emporium.catalog.product;

import java.util.Map;
import java.util.regex.Pattern;

/** A product with its category, as the product page shows it. */
record Product(String id, String sku, String name, String description, Money price, String imageUrl,
        String categorySlug, String categoryName, Map<String, Object> attributes, boolean active) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** The shape of a product id: anything else names no product, and reaches neither the cache nor the database. */
    static boolean isWellFormedId(String id) {
        return ID.matcher(id).matches();
    }

    ProductSummary summary() {
        return new ProductSummary(this.id, this.name, this.price, this.imageUrl, this.categorySlug, this.categoryName);
    }
}
