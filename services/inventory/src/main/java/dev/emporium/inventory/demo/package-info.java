/** The demo stock of embedded mode, seeded from the shared demo catalog. */
@NullMarked
package dev.emporium.inventory.demo;

import org.jspecify.annotations.NullMarked;
