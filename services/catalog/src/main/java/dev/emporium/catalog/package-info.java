/** The catalog service: categories, products, search and popular products. */
@NullMarked
package dev.emporium.catalog;

import org.jspecify.annotations.NullMarked;
