package dev.emporium.payments.payment;

import org.jspecify.annotations.Nullable;

/**
 * What payments reads of orders' commands and the events it answers with, version 1, on {@code emporium.payments};
 * the subject is the order id.
 */
final class PaymentMessages {

    static final int VERSION = 1;

    private PaymentMessages() {
    }

    /** {@code payments.charge} (with amount and token) and {@code payments.refund}. */
    record Command(String orderId, String userId, @Nullable Long amountMinor, @Nullable String currency,
            @Nullable String paymentToken) {
    }

    /** {@code payment.captured} and {@code payment.refunded}. */
    record Moved(String orderId, String userId, String paymentId, long amountMinor, String currency) {
    }

    /** {@code payment.declined} and {@code payment.failed}. */
    record Refused(String orderId, String userId, String paymentId, String reason) {
    }
}
