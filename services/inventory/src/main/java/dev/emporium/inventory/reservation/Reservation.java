package dev.emporium.inventory.reservation;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The stock held for one order; its lines are in product-id order.
 *
 * @param refusal what a REJECTED or FAILED reservation was answered with
 */
record Reservation(String orderId, ReservationStatus status, List<ReservationLine> lines, Instant createdAt,
        @Nullable Instant expiresAt, @Nullable Refusal refusal) {
}
