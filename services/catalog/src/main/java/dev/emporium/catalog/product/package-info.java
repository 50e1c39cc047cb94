/** Products: listing, search, details, popular products and the admin's edits. */
@NullMarked
package dev.emporium.catalog.product;

import org.jspecify.annotations.NullMarked;
