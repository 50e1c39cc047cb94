package dev.emporium.storefront.orders;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The checkout form as posted. {@code idempotencyKey} is a UUID put into the form when it was rendered: sending
 * the same form twice (double click, reload) sends the same key, and the API makes one order of both.
 */
public record CheckoutForm(@Nullable String name, @Nullable String line1, @Nullable String city,
        @Nullable String postalCode, @Nullable String country, @Nullable String paymentToken,
        @Nullable String idempotencyKey) {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    /** A fresh form: the default country, the approving test card and a new key (the browser autofills the rest). */
    static CheckoutForm blank() {
        return new CheckoutForm("", "", "", "", "US", "tok_visa", newKey());
    }

    /** The same answers under a new key, to render the form again after the API refused it. */
    CheckoutForm withNewKey() {
        return new CheckoutForm(this.name, this.line1, this.city, this.postalCode, this.country, this.paymentToken,
                newKey());
    }

    /** The key the form carried, or a new one if it came without a usable key. */
    String key() {
        return this.idempotencyKey != null && KEY.matcher(this.idempotencyKey).matches() ? this.idempotencyKey : newKey();
    }

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
