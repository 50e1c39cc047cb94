/**
 * The HTTP edge every Emporium service shares: problem details, resource-server security, request ids and
 * operational defaults, switched on by auto-configuration.
 */
@NullMarked
package dev.emporium.platform.web;

import org.jspecify.annotations.NullMarked;
