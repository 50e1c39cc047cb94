package dev.emporium.inventory.reservation;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What inventory reads of orders' commands (only the fields it needs) and the events it answers with, version 1,
 * on {@code emporium.inventory}; the subject is the order id.
 */
final class StockMessages {

    static final int VERSION = 1;

    private StockMessages() {
    }

    /** {@code inventory.reserve-stock}, {@code inventory.commit-stock} and {@code inventory.release-stock}. */
    record Command(String orderId, String userId, @Nullable List<Line> lines) {

        List<ReservationLine> reservationLines() {
            if (this.lines == null || this.lines.isEmpty()) {
                throw new IllegalArgumentException("order " + this.orderId + ": a command without lines");
            }
            return this.lines.stream()
                .map(line -> new ReservationLine(line.productId(), line.quantity()))
                .sorted(java.util.Comparator.comparing(ReservationLine::productId))
                .toList();
        }

        record Line(String productId, int quantity) {
        }
    }

    /** {@code stock.reserved}. */
    record Reserved(String orderId, String userId, @Nullable Instant expiresAt) {
    }

    /** {@code stock.rejected} and {@code stock.commit-failed}. */
    record Refused(String orderId, String userId, List<String> products, String reason) {
    }

    /** {@code stock.committed} and {@code stock.released}. */
    record Settled(String orderId, String userId) {
    }
}
