package dev.emporium.storefront.orders;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.emporium.storefront.profile.Countries;
import dev.emporium.storefront.profile.SavedAddress;
import org.jspecify.annotations.Nullable;

/**
 * The checkout form as posted. {@code idempotencyKey} is a UUID put into the form when it was rendered: sending
 * the same form twice (double click, reload) sends the same key, and the API makes one order of both.
 * {@code addressId} is the saved address chosen, or {@value #NEW_ADDRESS} (or nothing, when the customer has no
 * saved addresses) for the typed-in one, which {@code saveAddress} asks to keep in the account.
 */
public record CheckoutForm(@Nullable String addressId, @Nullable String name, @Nullable String line1,
        @Nullable String city, @Nullable String postalCode, @Nullable String country, @Nullable Boolean saveAddress,
        @Nullable String paymentToken, @Nullable String idempotencyKey) {

    /** The {@code addressId} of the choice "A new address". */
    public static final String NEW_ADDRESS = "new";

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    /**
     * A fresh form: the saved address to preselect (or a new one), the default country, the approving test card and
     * a new key (the browser autofills the rest).
     */
    static CheckoutForm blank(@Nullable String addressId) {
        return new CheckoutForm(addressId == null ? NEW_ADDRESS : addressId, "", "", "", "", Countries.PRESELECTED, false,
                "tok_visa", newKey());
    }

    /** The same answers under a new key, to render the form again after the API refused it. */
    CheckoutForm withNewKey() {
        return new CheckoutForm(this.addressId, this.name, this.line1, this.city, this.postalCode, this.country,
                this.saveAddress, this.paymentToken, newKey());
    }

    /** A new address after all, with these fields filled in (a saved address the orders API refused, to correct). */
    CheckoutForm asNewAddress(ShippingAddress address) {
        return new CheckoutForm(NEW_ADDRESS, address.name(), address.line1(), address.city(), address.postalCode(),
                address.country(), false, this.paymentToken, newKey());
    }

    /** The same answers with the choice of address set to {@code addressId}. */
    CheckoutForm choosing(String addressId) {
        return new CheckoutForm(addressId, this.name, this.line1, this.city, this.postalCode, this.country,
                this.saveAddress, this.paymentToken, this.idempotencyKey);
    }

    /** Whether a saved address was chosen rather than the typed-in fields. */
    public boolean usesSavedAddress() {
        return this.addressId != null && !this.addressId.isBlank() && !NEW_ADDRESS.equals(this.addressId);
    }

    /** Whether the typed-in address is to be kept in the account (the box is sent only when ticked). */
    public boolean savesAddress() {
        return Boolean.TRUE.equals(this.saveAddress);
    }

    public boolean chose(SavedAddress address) {
        return address.id().equals(this.addressId);
    }

    /** The key the form carried, or a new one if it came without a usable key. */
    String key() {
        return this.idempotencyKey != null && KEY.matcher(this.idempotencyKey).matches() ? this.idempotencyKey : newKey();
    }

    /** The typed-in address. */
    ShippingAddress address() {
        return new ShippingAddress(text(this.name), text(this.line1), text(this.city), text(this.postalCode),
                text(this.country).toUpperCase(Locale.ROOT));
    }

    String payment() {
        return text(this.paymentToken);
    }

    private static String text(@Nullable String value) {
        return value == null ? "" : value.strip();
    }

    private static String newKey() {
        return UUID.randomUUID().toString();
    }
}
