package dev.emporium.notifications.email;

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

    static EmailKind of(String eventType) {
        return switch (eventType) {
            case "order.confirmed" -> CONFIRMED;
            case "order.cancelled" -> CANCELLED;
            default -> throw new IllegalArgumentException("No email for " + eventType);
        };
    }
}
