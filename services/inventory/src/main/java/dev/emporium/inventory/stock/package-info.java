/** Units on hand per product: the public stock read, and the guarded decrement reservations use. */
@NullMarked
package dev.emporium.inventory.stock;

import org.jspecify.annotations.NullMarked;
