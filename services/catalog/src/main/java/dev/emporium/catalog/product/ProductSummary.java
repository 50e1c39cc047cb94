package dev.emporium.catalog.product;

/** A product as listings show it. */
record ProductSummary(String id, String name, Money price, String imageUrl, String categorySlug, String categoryName) {
}
