package dev.emporium.notifications.email;

import java.util.Currency;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What notifications reads of orders' {@code order.confirmed} and {@code order.cancelled} (version 1): only the
 * fields the emails use. Every field may be missing on the wire; {@link #check(EmailKind)} says whether the event
 * makes an email.
 */
record OrderEvent(@Nullable String orderId, @Nullable String email, @Nullable String customerName,
        @Nullable Long totalMinor, @Nullable String currency, @Nullable List<Line> lines, @Nullable String reason) {

    /** Orders' ids are UUIDs; this much keeps the Message-ID, the .eml file's name and the key well-formed. */
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9-]{1,36}");

    /**
     * @throws IllegalArgumentException if the event does not make the email: the message is retried and then
     *         parked, for an operator to look at
     */
    OrderEvent check(EmailKind kind) {
        if (this.orderId == null || !ORDER_ID.matcher(this.orderId).matches()) {
            throw new IllegalArgumentException("an order event without a usable order id: " + this.orderId);
        }
        if (kind == EmailKind.CONFIRMED) {
            if (this.totalMinor == null || this.currency == null || this.lines == null || this.lines.isEmpty()) {
                throw new IllegalArgumentException("order.confirmed of order " + this.orderId
                        + " without its total, currency or lines");
            }
            try {
                Currency.getInstance(this.currency);
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("order.confirmed of order " + this.orderId + ": no currency "
                        + this.currency, ex);
            }
            for (Line line : this.lines) {
                if (line.name() == null || line.quantity() < 1 || line.unitPriceMinor() < 0) {
                    throw new IllegalArgumentException("order.confirmed of order " + this.orderId + ": a line "
                            + line + " without a name, a quantity or a price");
                }
            }
        }
        return this;
    }

    String id() {
        if (this.orderId == null) {
            throw new IllegalStateException("not checked");
        }
        return this.orderId;
    }

    record Line(@Nullable String name, int quantity, long unitPriceMinor) {
    }
}
