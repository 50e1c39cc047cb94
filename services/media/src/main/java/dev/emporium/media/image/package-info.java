/** Stored images and their public, cache-friendly delivery. */
@NullMarked
package dev.emporium.media.image;

import org.jspecify.annotations.NullMarked;
