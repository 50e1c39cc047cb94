/** Logging in, registering and logging out: the forms in front of the identity endpoints. */
@NullMarked
package dev.emporium.storefront.account;

import org.jspecify.annotations.NullMarked;
