package dev.emporium.orders.checkout;

import java.util.Locale;

import dev.emporium.orders.order.ShippingAddress;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/orders}: where to ship the cart's contents and how to pay for them. */
record CheckoutRequest(@NotNull @Valid Address shippingAddress, @NotBlank @Size(max = 100) String paymentToken) {

    record Address(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 200) String line1,
            @NotBlank @Size(max = 200) String city,
            @NotBlank @Size(max = 16) String postalCode,
            @NotNull @Pattern(regexp = "[A-Za-z]{2}", message = "must be a 2-letter country code") String country) {

        ShippingAddress toShippingAddress() {
            return new ShippingAddress(this.name.strip(), this.line1.strip(), this.city.strip(), this.postalCode.strip(),
                    this.country.toUpperCase(Locale.ROOT));
        }
    }
}
