package dev.emporium.media.image;

import java.time.Instant;

/**
 * An image as served: its bytes, their media type, and the SHA-256 (hex) that is its entity tag.
 */
record StoredImage(String fileName, String contentType, byte[] content, String sha256, Instant createdAt) {
}
