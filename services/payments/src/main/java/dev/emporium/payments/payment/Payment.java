package dev.emporium.payments.payment;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An order's payment as stored; {@code refunded} (the status is REFUNDED) is spelled out for the reconciliation
 * checks, which ask whether the money went back without knowing the statuses.
 */
record Payment(String id, String orderId, String userId, PaymentStatus status, long amountMinor, String currency,
        @Nullable String providerChargeId, boolean refunded, @Nullable String reason, Instant createdAt,
        Instant updatedAt) {
}
