package dev.emporium.catalog.product;

import java.util.List;

/** One page of a listing or search; {@code page} counts from 0. */
record ProductPage(List<ProductSummary> items, int page, int size, long total, int totalPages) {

    static ProductPage of(List<ProductSummary> items, int page, int size, long total) {
        return new ProductPage(items, page, size, total, (int) ((total + size - 1) / size));
    }
}
