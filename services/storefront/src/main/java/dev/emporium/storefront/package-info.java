/** The storefront: the server-rendered shop, a client of the public API through the gateway. Owns no data. */
@NullMarked
package dev.emporium.storefront;

import org.jspecify.annotations.NullMarked;
