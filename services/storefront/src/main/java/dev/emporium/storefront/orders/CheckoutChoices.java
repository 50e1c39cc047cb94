package dev.emporium.storefront.orders;

import java.util.List;

/**
 * The fixed payment options of the checkout form: the payment simulator's test cards. (The countries, which the
 * account page's address form offers too, are {@code profile.Countries}.)
 */
public final class CheckoutChoices {

    /** A choice of a select: the value sent and the label shown. */
    public record Option(String value, String label) {
    }

    static final List<Option> PAYMENT_METHODS = List.of(
            new Option("tok_visa", "Visa (approves)"),
            new Option("tok_chargeDeclined", "Card that is declined"));

    private CheckoutChoices() {
    }
}
