/** The cart's view of the catalog: looks products up over HTTP to validate and price cart items. */
@NullMarked
package dev.emporium.cart.catalog;

import org.jspecify.annotations.NullMarked;
