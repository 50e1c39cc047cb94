package dev.emporium.orders.order;

import org.jspecify.annotations.Nullable;

/**
 * Who placed an order, as their token named them at checkout: where the confirmation goes. Tokens of other issuers
 * may lack the claims, so both may be absent.
 */
public record Customer(@Nullable String email, @Nullable String name) {
}
