package dev.emporium.storefront.orders;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The fixed options of the checkout form: countries shipped to and the payment simulator's test cards. */
public final class CheckoutChoices {

    /** A choice of a select: the value sent and the label shown. */
    public record Option(String value, String label) {
    }

    static final List<Option> PAYMENT_METHODS = List.of(
            new Option("tok_visa", "Visa (approves)"),
            new Option("tok_chargeDeclined", "Card that is declined"));

    static final List<Option> COUNTRIES = Stream.of("US", "CA", "GB", "IE", "DE", "FR", "NL", "BE", "LU", "ES", "PT",
            "IT", "AT", "CH", "SE", "NO", "DK", "FI", "PL", "CZ", "AU", "NZ", "JP", "SG", "IN", "BR", "MX", "ZA")
        .map(code -> new Option(code, Locale.of("", code).getDisplayCountry(Locale.US)))
        .sorted(Comparator.comparing(Option::label))
        .toList();

    private CheckoutChoices() {
    }
}
