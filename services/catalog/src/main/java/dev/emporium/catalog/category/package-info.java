/** Product categories. */
@NullMarked
package dev.emporium.catalog.category;

import org.jspecify.annotations.NullMarked;
