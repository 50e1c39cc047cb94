/** The public API as the storefront sees it: one HTTP client for the gateway, money, and problems turned into facts. */
@NullMarked
package dev.emporium.storefront.api;

import org.jspecify.annotations.NullMarked;
