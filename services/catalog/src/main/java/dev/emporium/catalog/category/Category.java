package dev.emporium.catalog.category;

/** A category as the public API shows it. */
record Category(String id, String name, String slug) {
}
