package dev.emporium.cart.items;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The body of {@code PUT /api/cart/items/{productId}}: the quantity the line should have. */
record QuantityChange(@NotNull @Min(1) @Max(99) Integer quantity) {
}
