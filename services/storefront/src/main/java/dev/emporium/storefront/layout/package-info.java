/** What every page shares: the layout's header data (account, cart badge, categories) and the error pages. */
@NullMarked
package dev.emporium.storefront.layout;

import org.jspecify.annotations.NullMarked;
