package dev.emporium.storefront.profile;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The countries the shop ships to, as the address forms (account page, checkout) offer them: ISO 3166-1 alpha-2
 * codes, by their English names. The API decides what it accepts; this is only the select's list.
 */
public final class Countries {

    /** A country of the select: the code sent and the name shown. */
    public record Country(String code, String name) {
    }

    public static final List<Country> ALL = Stream.of("US", "CA", "GB", "IE", "DE", "FR", "NL", "BE", "LU", "ES", "PT",
            "IT", "AT", "CH", "SE", "NO", "DK", "FI", "PL", "CZ", "AU", "NZ", "JP", "SG", "IN", "BR", "MX", "ZA")
        .map(code -> new Country(code, name(code)))
        .sorted(Comparator.comparing(Country::name))
        .toList();

    /** The country forms start with. */
    public static final String PRESELECTED = "US";

    private Countries() {
    }

    /** "United Kingdom" for GB; the code itself when the JDK does not know it. */
    public static String name(String code) {
        String name = Locale.of("", code).getDisplayCountry(Locale.US);
        return name.isBlank() ? code : name;
    }
}
