package dev.emporium.democatalog;

import java.util.Map;

/**
 * A product of the demo catalog.
 *
 * @param id stable product id, shared by the catalog, inventory and media seeds
 * @param priceMinor price in minor units of {@code currency}
 * @param attributes flexible attributes (the JSON attributes of a product page)
 * @param stock units on hand at first start
 */
public record DemoProduct(String id, String sku, String name, String description, String categoryId,
        long priceMinor, String currency, Map<String, Object> attributes, int stock) {
}
