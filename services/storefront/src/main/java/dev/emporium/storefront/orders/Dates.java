package dev.emporium.storefront.orders;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Order dates as customers read them, in UTC until the storefront knows the customer's time zone. */
final class Dates {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.US)
        .withZone(ZoneOffset.UTC);

    private Dates() {
    }

    static String display(Instant instant) {
        return FORMAT.format(instant);
    }
}
