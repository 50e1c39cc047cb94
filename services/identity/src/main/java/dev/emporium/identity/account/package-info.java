/** Accounts: registration, the current user, the demo accounts. */
@NullMarked
package dev.emporium.identity.account;

import org.jspecify.annotations.NullMarked;
