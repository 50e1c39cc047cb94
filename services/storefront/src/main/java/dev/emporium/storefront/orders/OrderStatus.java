package dev.emporium.storefront.orders;

import java.util.Locale;

/** The badge an order's status (PENDING, CONFIRMED, CANCELLED, later SHIPPED) wears; the text is the status itself. */
final class OrderStatus {

    private OrderStatus() {
    }

    static String badge(String status) {
        return "badge badge-" + status.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }
}
