/** The demo product images of embedded mode, seeded from the shared demo catalog. */
@NullMarked
package dev.emporium.media.demo;

import org.jspecify.annotations.NullMarked;
