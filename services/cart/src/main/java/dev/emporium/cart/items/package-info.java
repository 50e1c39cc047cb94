/** The items of a user's cart: reading, setting quantities, removing, emptying. */
@NullMarked
package dev.emporium.cart.items;

import org.jspecify.annotations.NullMarked;
