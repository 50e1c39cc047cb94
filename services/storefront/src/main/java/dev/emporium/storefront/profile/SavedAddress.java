package dev.emporium.storefront.profile;

/** An address kept in the customer's account, {@code GET /api/account/addresses/{id}}. */
public record SavedAddress(String id, String name, String line1, String city, String postalCode, String country) {

    public String countryName() {
        return Countries.name(this.country);
    }

    /** The fields, to compare with an address typed in or to send back. */
    public AddressFields fields() {
        return new AddressFields(this.name, this.line1, this.city, this.postalCode, this.country);
    }
}
