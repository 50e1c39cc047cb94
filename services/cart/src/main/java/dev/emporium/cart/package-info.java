/** The cart service: each user's durable cart, priced from catalog snapshots. */
@NullMarked
package dev.emporium.cart;

import org.jspecify.annotations.NullMarked;
