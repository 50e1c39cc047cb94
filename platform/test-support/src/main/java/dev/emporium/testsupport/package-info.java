/** Test support shared by the services' tests. */
@NullMarked
package dev.emporium.testsupport;

import org.jspecify.annotations.NullMarked;
