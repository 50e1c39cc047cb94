/**
 * The media service: the CDN origin that serves product images under content-hashed, immutable URLs, and the admin
 * upload that renders an image into those files ({@code image}, {@code upload}, {@code storage}).
 */
@NullMarked
package dev.emporium.media;

import org.jspecify.annotations.NullMarked;
