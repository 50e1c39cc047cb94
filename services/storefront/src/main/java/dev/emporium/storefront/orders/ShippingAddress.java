package dev.emporium.storefront.orders;

import dev.emporium.storefront.profile.AddressFields;
import dev.emporium.storefront.profile.Countries;
import dev.emporium.storefront.profile.SavedAddress;

/** Where an order goes; {@code country} is an ISO 3166 two-letter code. */
public record ShippingAddress(String name, String line1, String city, String postalCode, String country) {

    static ShippingAddress of(SavedAddress saved) {
        return new ShippingAddress(saved.name(), saved.line1(), saved.city(), saved.postalCode(), saved.country());
    }

    /** "United Kingdom" for GB; the code itself when the JDK does not know it. */
    public String countryName() {
        return Countries.name(this.country);
    }

    /** The address as the account's address book takes it. */
    AddressFields fields() {
        return new AddressFields(this.name, this.line1, this.city, this.postalCode, this.country);
    }
}
