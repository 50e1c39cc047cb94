/** Browsing: the home page, category listings, search and product pages, read from the catalog endpoints. */
@NullMarked
package dev.emporium.storefront.catalog;

import org.jspecify.annotations.NullMarked;
