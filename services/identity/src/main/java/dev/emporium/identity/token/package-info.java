/** Tokens: RS256 access tokens, rotating refresh tokens, the persistent signing key and its public JWK set. */
@NullMarked
package dev.emporium.identity.token;

import org.jspecify.annotations.NullMarked;
