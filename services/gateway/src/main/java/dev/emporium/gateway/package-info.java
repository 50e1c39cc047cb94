/** The gateway: the single HTTP entry point of the services. */
@NullMarked
package dev.emporium.gateway;

import org.jspecify.annotations.NullMarked;
