/** The cart page and its forms (add, change quantity, remove), over the cart endpoints with the customer's token. */
@NullMarked
package dev.emporium.storefront.cart;

import org.jspecify.annotations.NullMarked;
