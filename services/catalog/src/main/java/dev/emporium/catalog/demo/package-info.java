/** Seeds the demo catalog on the first start of embedded mode. */
@NullMarked
package dev.emporium.catalog.demo;

import org.jspecify.annotations.NullMarked;
