/**
 * Servable images and their public, cache-friendly delivery: the CDN origin of {@code /media/products/{fileName}}.
 * Bytes come inline from the images table (demo SVGs) or from the image storage (variants of uploads).
 */
@NullMarked
package dev.emporium.media.image;

import org.jspecify.annotations.NullMarked;
