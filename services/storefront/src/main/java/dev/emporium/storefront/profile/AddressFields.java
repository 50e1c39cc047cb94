package dev.emporium.storefront.profile;

/** The body of {@code POST /api/account/addresses} and {@code PUT /api/account/addresses/{id}}. */
public record AddressFields(String name, String line1, String city, String postalCode, String country) {
}
