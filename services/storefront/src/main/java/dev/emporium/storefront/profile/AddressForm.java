package dev.emporium.storefront.profile;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/** The address form of the account page (adding) and of an address's own page (editing), as posted. */
public record AddressForm(@Nullable String name, @Nullable String line1, @Nullable String city,
        @Nullable String postalCode, @Nullable String country) {

    /** An empty form with the preselected country. */
    static AddressForm blank() {
        return new AddressForm("", "", "", "", Countries.PRESELECTED);
    }

    static AddressForm of(SavedAddress address) {
        return new AddressForm(address.name(), address.line1(), address.city(), address.postalCode(), address.country());
    }

    /** What the API is sent: the answers stripped, the country code in upper case. The API validates them. */
    AddressFields fields() {
        return new AddressFields(text(this.name), text(this.line1), text(this.city), text(this.postalCode),
                text(this.country).toUpperCase(Locale.ROOT));
    }

    private static String text(@Nullable String value) {
        return value == null ? "" : value.strip();
    }
}
