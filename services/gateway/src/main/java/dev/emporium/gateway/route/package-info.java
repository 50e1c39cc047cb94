/** The routes of DESIGN §9: which service answers which path. */
@NullMarked
package dev.emporium.gateway.route;

import org.jspecify.annotations.NullMarked;
