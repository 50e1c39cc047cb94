/**
 * The customer's account page: name, marketing opt-in and saved addresses, over the identity service's
 * {@code /api/account} endpoints with the customer's token; checkout offers the saved addresses through
 * {@link dev.emporium.storefront.profile.ProfileClient}.
 */
@NullMarked
package dev.emporium.storefront.profile;

import org.jspecify.annotations.NullMarked;
