package dev.emporium.storefront.catalog;

import java.util.List;

/** One page of {@code GET /api/catalog/products}; {@code page} counts from 0 as the API does. */
public record ProductResults(List<ProductSummary> items, int page, int size, long total, int totalPages) {

    static ProductResults empty(int size) {
        return new ProductResults(List.of(), 0, size, 0, 0);
    }
}
