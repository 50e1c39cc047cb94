/** The identity service: accounts, passwords, tokens and the public signing keys. */
@NullMarked
package dev.emporium.identity;

import org.jspecify.annotations.NullMarked;
