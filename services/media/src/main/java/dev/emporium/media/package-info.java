/** The media service: the CDN origin that serves product images under content-hashed, immutable URLs. */
@NullMarked
package dev.emporium.media;

import org.jspecify.annotations.NullMarked;
