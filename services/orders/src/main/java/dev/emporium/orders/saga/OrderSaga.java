package dev.emporium.orders.saga;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.emporium.orders.order.Order;
import dev.emporium.orders.order.OrderId;
import dev.emporium.orders.order.OrderLine;
import dev.emporium.orders.order.OrderStatus;
import dev.emporium.orders.order.Orders;
import dev.emporium.orders.order.SagaStep;
import dev.emporium.platform.messaging.Envelope;
import dev.emporium.platform.messaging.Inbox;
import dev.emporium.platform.messaging.MessageHandler;
import dev.emporium.platform.messaging.Outbox;
import dev.emporium.platform.sharding.Buckets;
import dev.emporium.platform.sharding.ShardedDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Orchestrates an order from PENDING to CONFIRMED or CANCELLED:
 * <ol>
 * <li>checkout: {@code inventory.reserve-stock};</li>
 * <li>{@code stock.reserved} → {@code payments.charge}; {@code stock.rejected} → cancelled;</li>
 * <li>{@code payment.captured} → {@code inventory.commit-stock}; {@code payment.declined} or {@code payment.failed}
 * → cancelled, and the stock released;</li>
 * <li>{@code stock.committed} → CONFIRMED and {@code order.confirmed}; {@code stock.commit-failed} (the reservation
 * expired and the stock is gone) → cancelled, and the payment refunded.</li>
 * </ol>
 * A cancellation publishes {@code order.cancelled} with the reason. Each answer is handled in one transaction on the
 * user's shard: the inbox record, the order's locked row and its new state, and the messages it causes (outbox), so
 * an answer delivered twice has one effect. An answer that does not fit where the order stands changes nothing,
 * except that a late reservation or capture for an order cancelled meanwhile is compensated (released, refunded).
 */
@Service
public class OrderSaga {

    static final String QUEUE = "orders.saga";

    private static final Logger log = LoggerFactory.getLogger(OrderSaga.class);

    private final ShardedDatabase shards;

    private final Orders orders;

    private final Outbox outbox;

    private final Inbox inbox;

    private final JsonMapper json;

    private final Clock clock;

    private static final Duration[] COMPLETION_BUCKETS = { Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30) };

    private final @Nullable MeterRegistry meters;

    OrderSaga(ShardedDatabase shards, Orders orders, Outbox outbox, Inbox inbox, JsonMapper json, Clock clock,
            org.springframework.beans.factory.ObjectProvider<MeterRegistry> meters) {
        this.shards = shards;
        this.orders = orders;
        this.outbox = outbox;
        this.inbox = inbox;
        this.json = json;
        this.clock = clock;
        this.meters = meters.getIfAvailable();
    }

    /** The saga's first step, in the transaction that inserts the order. */
    public void start(JdbcClient jdbc, Order order) {
        send(jdbc, order, "inventory.reserve-stock", SagaMessages.StockRequest.of(order));
    }

    /** Handles one answer from inventory or payments. */
    void handle(MessageHandler.Delivery delivery) {
        Envelope envelope = delivery.envelope();
        SagaMessages.Answer answer = envelope.data(this.json, SagaMessages.Answer.class);
        Optional<OrderId> id = OrderId.parse(answer.orderId());
        if (id.isEmpty()) {
            throw new IllegalArgumentException("Message " + envelope.id() + " names no order: " + answer.orderId());
        }
        this.shards.writeWithoutResult(answer.userId(), jdbc -> {
            if (!this.inbox.firstDelivery(jdbc, QUEUE, envelope, Buckets.of(answer.userId()))) {
                log.debug("Message {} ({}) was handled before", envelope.id(), envelope.type());
                return;
            }
            Order order = this.orders.lock(jdbc, id.get(), answer.userId())
                .orElseThrow(() -> new IllegalStateException("No order " + answer.orderId() + " of user " + answer.userId()
                        + " for message " + envelope.id() + " (" + envelope.type() + ")"));
            if (!step(jdbc, order, envelope.type(), answer)) {
                log.info("Order {} is {} at {}: {} changes nothing", order.id(), order.status(), order.step(),
                        envelope.type());
            }
        });
    }

    private boolean step(JdbcClient jdbc, Order order, String type, SagaMessages.Answer answer) {
        Instant now = this.clock.instant();
        return switch (type) {
            case "stock.reserved" -> {
                if (order.stockReserved(now)) {
                    save(jdbc, order);
                    send(jdbc, order, "payments.charge", SagaMessages.Charge.of(order));
                    yield true;
                }
                if (order.status() == OrderStatus.CANCELLED) {
                    // Reserved after the order was given up: give the stock back.
                    send(jdbc, order, "inventory.release-stock", SagaMessages.Compensation.of(order));
                    yield true;
                }
                yield false;
            }
            case "stock.rejected" -> cancel(jdbc, order, SagaStep.RESERVING,
                    shortage(order, answer, "Not enough stock for %s.", "Some items are out of stock."), false, false);
            case "payment.captured" -> {
                if (order.paymentCaptured(now)) {
                    save(jdbc, order);
                    send(jdbc, order, "inventory.commit-stock", SagaMessages.StockRequest.of(order));
                    yield true;
                }
                if (order.status() == OrderStatus.CANCELLED) {
                    // Charged after the order was given up: pay it back.
                    send(jdbc, order, "payments.refund", SagaMessages.Compensation.of(order));
                    yield true;
                }
                yield false;
            }
            case "payment.declined" -> cancel(jdbc, order, SagaStep.CHARGING,
                    reason(answer, "Your payment was declined."), true, false);
            case "payment.failed" -> cancel(jdbc, order, SagaStep.CHARGING,
                    reason(answer, "The payment could not be processed; you have not been charged."), true, false);
            case "stock.committed" -> {
                if (order.stockCommitted(now)) {
                    save(jdbc, order);
                    send(jdbc, order, "order.confirmed", SagaMessages.OrderConfirmed.of(order));
                    count("confirmed");
                    completed(order, "confirmed", now);
                    yield true;
                }
                yield false;
            }
            case "stock.commit-failed" -> cancel(jdbc, order, SagaStep.COMMITTING,
                    shortage(order, answer, "%s sold out while your payment was processed; it is refunded.",
                            "Some items sold out while your payment was processed; it is refunded."),
                    false, true);
            // Compensations done: nothing further to do.
            case "stock.released", "payment.refunded" -> false;
            default -> throw new IllegalArgumentException("The order saga does not handle " + type);
        };
    }

    /**
     * Sends the current step's request again for a pending order that has not moved since {@code before}, or, after
     * {@code maxRedrives}, gives it up: cancelled, with its stock released and any charge refunded. An order waiting
     * for its reservation to be committed is never given up (it is paid for): its commit is sent again.
     *
     * @return whether the order was pending and stalled (its fresh, locked state decides, not the stale list)
     */
    boolean redrive(OrderId id, String userId, Instant before, int maxRedrives) {
        return this.shards.write(userId, jdbc -> {
            Order order = this.orders.lock(jdbc, id, userId).orElse(null);
            if (order == null || order.status() != OrderStatus.PENDING || !order.updatedAt().isBefore(before)) {
                return false;
            }
            if (order.redrives() >= maxRedrives && order.step() != SagaStep.COMMITTING) {
                log.warn("Order {} made no progress at {} after {} re-drives: cancelling it", id, order.step(),
                        order.redrives());
                return cancel(jdbc, order, order.step(),
                        "We could not complete your order in time; you have not been charged.", true, true);
            }
            order.redriven(this.clock.instant());
            save(jdbc, order);
            switch (order.step()) {
                case RESERVING -> send(jdbc, order, "inventory.reserve-stock", SagaMessages.StockRequest.of(order));
                case CHARGING -> send(jdbc, order, "payments.charge", SagaMessages.Charge.of(order));
                case COMMITTING -> send(jdbc, order, "inventory.commit-stock", SagaMessages.StockRequest.of(order));
                case DONE -> throw new IllegalStateException("pending order " + id + " has no step");
            }
            log.info("Order {} stalled at {}: request sent again ({} of {})", id, order.step(), order.redrives(),
                    maxRedrives);
            count("redriven");
            return true;
        });
    }

    private boolean cancel(JdbcClient jdbc, Order order, SagaStep during, String reason, boolean releaseStock,
            boolean refund) {
        if (!order.cancel(during, reason, this.clock.instant())) {
            return false;
        }
        save(jdbc, order);
        if (releaseStock) {
            send(jdbc, order, "inventory.release-stock", SagaMessages.Compensation.of(order));
        }
        if (refund) {
            send(jdbc, order, "payments.refund", SagaMessages.Compensation.of(order));
        }
        send(jdbc, order, "order.cancelled", SagaMessages.OrderCancelled.of(order));
        count("cancelled");
        completed(order, "cancelled", this.clock.instant());
        return true;
    }

    private void save(JdbcClient jdbc, Order order) {
        this.orders.save(jdbc, order);
    }

    private void send(JdbcClient jdbc, Order order, String type, Object data) {
        this.outbox.append(jdbc, type, SagaMessages.VERSION, order.id().toString(), data, Buckets.of(order.userId()));
    }

    /**
     * {@code emporium.orders.completed{status}}: from checkout to the order's final status, what the customer waits
     * for (the checkout SLO's latency); buckets from 50 ms to 30 s.
     */
    private void completed(Order order, String status, Instant now) {
        if (this.meters != null) {
            Timer.builder("emporium.orders.completed")
                .description("From checkout to the order's final status (confirmed or cancelled)")
                .tag("status", status)
                .serviceLevelObjectives(COMPLETION_BUCKETS)
                .register(this.meters)
                .record(Duration.between(order.createdAt(), now));
        }
    }

    private void count(String outcome) {
        if (this.meters != null) {
            this.meters.counter("emporium.orders.saga", "outcome", outcome).increment();
        }
    }

    /**
     * The customer's reason for a shortage, naming the products as their order does (inventory knows only ids);
     * inventory's own reason, or {@code fallback}, when it names none of them.
     */
    private static String shortage(Order order, SagaMessages.Answer answer, String named, String fallback) {
        List<String> products = answer.products() == null ? List.of() : answer.products();
        List<String> names = order.lines().stream()
            .filter(line -> products.contains(line.productId()))
            .map(OrderLine::name)
            .toList();
        return names.isEmpty() ? reason(answer, fallback) : named.formatted(String.join(", ", names));
    }

    private static String reason(SagaMessages.Answer answer, String fallback) {
        return answer.reason() == null || answer.reason().isBlank() ? fallback : answer.reason();
    }
}
