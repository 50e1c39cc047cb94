/** A Redis server of a test's own, on loopback. */
@NullMarked
package dev.emporium.testsupport.redis;

import org.jspecify.annotations.NullMarked;
