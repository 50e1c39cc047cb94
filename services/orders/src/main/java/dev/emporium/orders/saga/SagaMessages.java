package dev.emporium.orders.saga;

import java.time.Instant;
import java.util.List;

import dev.emporium.orders.order.Order;
import org.jspecify.annotations.Nullable;

/**
 * The messages of the saga, as records. Orders owns the schema of what it sends (commands to inventory and payments,
 * and its own events); of the answers it reads only the fields it needs. All are version 1; the subject is the order id.
 */
final class SagaMessages {

    static final int VERSION = 1;

    private SagaMessages() {
    }

    /** {@code inventory.reserve-stock} and {@code inventory.commit-stock}. */
    record StockRequest(String orderId, String userId, List<Line> lines) {

        static StockRequest of(Order order) {
            return new StockRequest(order.id().toString(), order.userId(),
                    order.lines().stream().map(line -> new Line(line.productId(), line.quantity())).toList());
        }

        record Line(String productId, int quantity) {
        }
    }

    /** {@code inventory.release-stock} and {@code payments.refund}. */
    record Compensation(String orderId, String userId) {

        static Compensation of(Order order) {
            return new Compensation(order.id().toString(), order.userId());
        }
    }

    /** {@code payments.charge}. */
    record Charge(String orderId, String userId, long amountMinor, String currency, String paymentToken) {

        static Charge of(Order order) {
            return new Charge(order.id().toString(), order.userId(), order.total().amount(), order.currency(),
                    order.paymentToken());
        }
    }

    /** {@code order.confirmed}. */
    record OrderConfirmed(String orderId, String userId, @Nullable String email, @Nullable String customerName,
            long totalMinor, String currency, List<Line> lines, Instant confirmedAt) {

        static OrderConfirmed of(Order order) {
            return new OrderConfirmed(order.id().toString(), order.userId(), order.customer().email(),
                    order.customer().name(), order.total().amount(), order.currency(),
                    order.lines().stream()
                        .map(line -> new Line(line.productId(), line.name(), line.quantity(), line.unitPrice().amount()))
                        .toList(),
                    order.updatedAt());
        }

        record Line(String productId, String name, int quantity, long unitPriceMinor) {
        }
    }

    /** {@code order.cancelled}. */
    record OrderCancelled(String orderId, String userId, @Nullable String email, @Nullable String customerName,
            String reason, Instant cancelledAt) {

        static OrderCancelled of(Order order) {
            return new OrderCancelled(order.id().toString(), order.userId(), order.customer().email(),
                    order.customer().name(), String.valueOf(order.reason()), order.updatedAt());
        }
    }

    /**
     * What orders reads of every answer from inventory and payments: the order, why it was refused, and which of its
     * products lacked stock.
     */
    record Answer(String orderId, String userId, @Nullable String reason, @Nullable List<String> products) {
    }
}
