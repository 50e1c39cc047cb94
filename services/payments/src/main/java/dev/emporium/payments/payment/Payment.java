package dev.emporium.payments.payment;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** An order's payment as stored. */
record Payment(String id, String orderId, String userId, PaymentStatus status, long amountMinor, String currency,
        @Nullable String providerChargeId, @Nullable String reason, Instant createdAt, Instant updatedAt) {
}
