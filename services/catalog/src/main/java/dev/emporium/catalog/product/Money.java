package dev.emporium.catalog.product;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

/** An amount in minor units of an ISO 4217 currency. */
record Money(@NotNull @PositiveOrZero Long amount, @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be a 3-letter ISO currency code") String currency) {
}
