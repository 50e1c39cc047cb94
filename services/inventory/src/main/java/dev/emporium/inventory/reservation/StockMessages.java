package dev.emporium.inventory.reservation;

import java.time.Instant;
import java.util.Comparator;
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

    /**
     * {@code inventory.reserve-stock}, {@code inventory.commit-stock} and {@code inventory.release-stock}. A command
     * that does not fit (no order or user, a line without a product or with fewer than one unit) is unreadable: it is
     * retried and then parked, and takes no stock (a negative quantity would otherwise add some).
     */
    record Command(String orderId, String userId, @Nullable List<Line> lines) {

        Command {
            if (orderId == null || orderId.isBlank() || userId == null || userId.isBlank()) {
                throw new IllegalArgumentException("a stock command names its order and user");
            }
        }

        /**
         * The lines in product-id order, the order in which their stock rows are locked.
         *
         * @throws IllegalArgumentException if there are none, or a product appears twice
         */
        List<ReservationLine> reservationLines() {
            if (this.lines == null || this.lines.isEmpty()) {
                throw new IllegalArgumentException("order " + this.orderId + ": a command without lines");
            }
            List<ReservationLine> sorted = this.lines.stream()
                .map(line -> new ReservationLine(line.productId(), line.quantity()))
                .sorted(Comparator.comparing(ReservationLine::productId))
                .toList();
            if (sorted.stream().map(ReservationLine::productId).distinct().count() != sorted.size()) {
                throw new IllegalArgumentException("order " + this.orderId + ": a product on two lines");
            }
            return sorted;
        }

        /** The products named by the lines, if any. */
        List<String> products() {
            return this.lines == null ? List.of() : this.lines.stream().map(Line::productId).sorted().toList();
        }

        record Line(String productId, int quantity) {

            Line {
                if (productId == null || productId.isBlank() || quantity < 1) {
                    throw new IllegalArgumentException("a line names a product and at least one unit");
                }
            }
        }
    }

    /** {@code stock.reserved}. */
    record Reserved(String orderId, String userId, @Nullable Instant expiresAt) {
    }

    /** {@code stock.rejected} and {@code stock.commit-failed}. */
    record Refused(String orderId, String userId, List<String> products, String reason) {

        static Refused of(Command command, Refusal refusal) {
            return new Refused(command.orderId(), command.userId(), refusal.products(), refusal.reason());
        }
    }

    /** {@code stock.committed} and {@code stock.released}. */
    record Settled(String orderId, String userId) {

        static Settled of(Command command) {
            return new Settled(command.orderId(), command.userId());
        }
    }
}
