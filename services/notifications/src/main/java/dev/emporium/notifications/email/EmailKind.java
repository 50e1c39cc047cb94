package dev.emporium.notifications.email;

import java.util.Locale;

/** The emails about an order; each is sent at most once per order. */
enum EmailKind {

    CONFIRMED("order-confirmed"), CANCELLED("order-cancelled");

    private final String template;

    EmailKind(String template) {
        this.template = template;
    }

    String template() {
        return this.template;
    }

    /**
     * The Message-ID of this email about the order: the same for every copy, so a mail client that gets it twice (a
     * crash between sending and recording it) shows it once.
     */
    String messageId(String orderId) {
        return "<" + orderId + "." + name().toLowerCase(Locale.ROOT) + "@emporium.dev>";
    }

    static EmailKind of(String eventType) {
        return switch (eventType) {
            case "order.confirmed" -> CONFIRMED;
            case "order.cancelled" -> CANCELLED;
            default -> throw new IllegalArgumentException("No email for " + eventType);
        };
    }
}
