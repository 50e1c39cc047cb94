/**
 * The payment-provider simulator: a stand-in for a card processor such as Stripe, with its test tokens
 * ({@code tok_visa} approves, {@code tok_chargeDeclined} declines, {@code tok_slow} approves slowly,
 * {@code tok_providerError} fails), idempotency keys, and configurable latency and failure rate. It is a local
 * simulator called by payments only: it asks callers for no credentials.
 */
@NullMarked
package dev.emporium.provider;

import org.jspecify.annotations.NullMarked;
