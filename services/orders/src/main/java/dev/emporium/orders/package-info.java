/** The orders service: checkout and the customer's orders. */
@NullMarked
package dev.emporium.orders;

import org.jspecify.annotations.NullMarked;
