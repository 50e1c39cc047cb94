/** The inventory service: stock levels and the reservations that keep orders from overselling. */
@NullMarked
package dev.emporium.inventory;

import org.jspecify.annotations.NullMarked;
