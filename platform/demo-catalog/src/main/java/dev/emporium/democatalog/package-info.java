/** The demo catalog that embedded mode seeds: pure, deterministic data, no Spring. */
@NullMarked
package dev.emporium.democatalog;

import org.jspecify.annotations.NullMarked;
