/** The identity service: accounts, password login, access and refresh tokens, and the JWK set to verify them. */
@NullMarked
package dev.emporium.identity;

import org.jspecify.annotations.NullMarked;
