/**
 * Customer profiles ({@code /api/account}): name, marketing opt-in, saved shipping addresses and the default one,
 * read through a two-level cache (the local level for seconds, Redis for minutes) that every change invalidates on
 * every instance once it has committed.
 */
@NullMarked
package dev.emporium.identity.profile;

import org.jspecify.annotations.NullMarked;
