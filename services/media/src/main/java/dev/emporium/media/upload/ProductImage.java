package dev.emporium.media.upload;

import java.time.Instant;

/**
 * An uploaded product image as the admin API shows it: the original (its SHA-256, type, size in pixels and bytes)
 * and the public URL of each variant. The URLs are what the catalog links to; the original is never served.
 */
record ProductImage(String productId, String sha256, String contentType, int width, int height, long bytes,
        Instant createdAt, Variants variants) {

    record Variants(VariantImage thumbnail, VariantImage card, VariantImage full) {
    }

    /** One variant: its URL under {@code /media/products/} (immutable, content-hashed), its size and byte count. */
    record VariantImage(String url, int width, int height, long bytes) {
    }
}
