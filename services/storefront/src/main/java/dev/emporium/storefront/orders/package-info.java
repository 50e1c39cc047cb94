/** Checkout, order history and the order page, over the orders endpoints with the customer's token. */
@NullMarked
package dev.emporium.storefront.orders;

import org.jspecify.annotations.NullMarked;
