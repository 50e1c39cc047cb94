package dev.emporium.storefront.catalog;

/** A category as {@code GET /api/catalog/categories} lists it. */
public record Category(String id, String name, String slug) {

    /** A hue (0–359) derived from the slug, so each category tile keeps its own colour without images. */
    public int hue() {
        return Math.floorMod(this.slug.hashCode() * 37, 360);
    }
}
