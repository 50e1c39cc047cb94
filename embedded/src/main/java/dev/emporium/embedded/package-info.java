/** Embedded mode: the whole platform in one JVM. */
@NullMarked
package dev.emporium.embedded;

import org.jspecify.annotations.NullMarked;
