package dev.emporium.storefront.orders;

import java.util.Locale;

/** Where an order goes; {@code country} is an ISO 3166 two-letter code. */
public record ShippingAddress(String name, String line1, String city, String postalCode, String country) {

    /** "United Kingdom" for GB; the code itself when the JDK does not know it. */
    public String countryName() {
        String name = Locale.of("", this.country).getDisplayCountry(Locale.US);
        return name.isBlank() ? this.country : name;
    }
}
