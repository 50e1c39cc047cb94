/**
 * The customer's login, kept statelessly in two cookies (access and refresh token), refreshed once when the API
 * rejects an expired access token; and the identity endpoints behind it.
 */
@NullMarked
package dev.emporium.storefront.session;

import org.jspecify.annotations.NullMarked;
