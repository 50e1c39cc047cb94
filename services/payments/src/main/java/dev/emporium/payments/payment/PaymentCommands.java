package dev.emporium.payments.payment;

import java.time.Clock;
import java.util.Optional;

import dev.emporium.platform.messaging.Envelope;
import dev.emporium.platform.messaging.Inbox;
import dev.emporium.platform.messaging.MessageHandler;
import dev.emporium.platform.messaging.Outbox;
import dev.emporium.platform.sharding.Buckets;
import dev.emporium.platform.sharding.ShardedDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Payments' part of the order saga: orders' {@code payments.charge} and {@code payments.refund} on the
 * {@code payments.commands} queue.
 * <p>
 * The provider is never called inside a database transaction. A charge records the payment PENDING (committed),
 * asks the provider with the order's idempotency key, then records the outcome with the message's inbox record and
 * the answer ({@code payment.captured} or {@code payment.declined}) in one transaction on the user's shard. A
 * provider that does not answer leaves the payment PENDING and the message is retried with backoff; on the last
 * attempt the provider is asked whether a charge under the key went through (then it counts as captured), and
 * otherwise the payment is FAILED ({@code payment.failed}: nothing was charged). A command repeated under a new
 * message id (orders driving a stalled order again) answers the recorded outcome; the key keeps the provider from
 * charging twice in any case.
 */
@Service
class PaymentCommands {

    static final String QUEUE = "payments.commands";

    private static final Logger log = LoggerFactory.getLogger(PaymentCommands.class);

    private final ShardedDatabase shards;

    private final Payments payments;

    private final ProviderClient provider;

    private final Inbox inbox;

    private final Outbox outbox;

    private final JsonMapper json;

    private final Clock clock;

    PaymentCommands(ShardedDatabase shards, Payments payments, ProviderClient provider, Inbox inbox, Outbox outbox,
            JsonMapper json, Clock clock) {
        this.shards = shards;
        this.payments = payments;
        this.provider = provider;
        this.inbox = inbox;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    void handle(MessageHandler.Delivery delivery) {
        Envelope envelope = delivery.envelope();
        PaymentMessages.Command command = envelope.data(this.json, PaymentMessages.Command.class);
        switch (envelope.type()) {
            case "payments.charge" -> charge(delivery, command);
            case "payments.refund" -> refund(envelope, command);
            default -> throw new IllegalArgumentException("Payments does not handle " + envelope.type());
        }
    }

    private void charge(MessageHandler.Delivery delivery, PaymentMessages.Command command) {
        if (command.amountMinor() == null || command.currency() == null || command.paymentToken() == null) {
            throw new IllegalArgumentException("payments.charge for order " + command.orderId() + " lacks amount or token");
        }
        Envelope envelope = delivery.envelope();
        String userId = command.userId();
        // 1. The payment exists (PENDING) before the provider hears of it; a settled one is answered again.
        boolean settled = this.shards.write(userId, jdbc -> {
            this.payments.createPending(jdbc, command.orderId(), userId, command.amountMinor(), command.currency(),
                    this.clock.instant());
            Payment payment = this.payments.lock(jdbc, command.orderId(), userId).orElseThrow();
            if (!payment.status().settled()) {
                return false;
            }
            if (this.inbox.firstDelivery(jdbc, QUEUE, envelope, Buckets.of(userId))) {
                answer(jdbc, payment);
            }
            return true;
        });
        if (settled) {
            return;
        }
        // 2. The provider, outside any transaction, under the order's key.
        String key = "charge-" + command.orderId();
        ProviderClient.ChargeOutcome outcome;
        try {
            outcome = this.provider.charge(key, command.amountMinor(), command.currency(), command.paymentToken());
        }
        catch (ProviderClient.ProviderUnavailable ex) {
            if (!delivery.lastAttempt()) {
                throw ex;
            }
            // The last attempt: the answer may have been lost after the charge went through; ask.
            Optional<String> charged = this.provider.succeededCharge(key);
            log.warn("Order {}: provider unavailable on the last attempt ({}); charge found by key: {}",
                    command.orderId(), ex.getMessage(), charged.isPresent());
            outcome = charged.map(id -> new ProviderClient.ChargeOutcome(id, null)).orElse(null);
        }
        // 3. The outcome, the inbox record and the answer, in one transaction.
        ProviderClient.ChargeOutcome result = outcome;
        this.shards.writeWithoutResult(userId, jdbc -> {
            if (!this.inbox.firstDelivery(jdbc, QUEUE, envelope, Buckets.of(userId))) {
                return;
            }
            Payment payment = this.payments.lock(jdbc, command.orderId(), userId).orElseThrow();
            if (!payment.status().settled()) {
                if (result == null) {
                    this.payments.settle(jdbc, command.orderId(), PaymentStatus.FAILED, null,
                            "The payment could not be processed; you have not been charged.", this.clock.instant());
                }
                else if (result.chargeId() != null) {
                    this.payments.settle(jdbc, command.orderId(), PaymentStatus.CAPTURED, result.chargeId(), null,
                            this.clock.instant());
                }
                else {
                    this.payments.settle(jdbc, command.orderId(), PaymentStatus.DECLINED, null, result.declineReason(),
                            this.clock.instant());
                }
            }
            answer(jdbc, this.payments.find(jdbc, command.orderId(), userId).orElseThrow());
        });
    }

    private void refund(Envelope envelope, PaymentMessages.Command command) {
        String userId = command.userId();
        Optional<Payment> captured = this.shards.write(userId, jdbc -> {
            Payment payment = this.payments.lock(jdbc, command.orderId(), userId).orElse(null);
            if (payment != null && payment.status() == PaymentStatus.CAPTURED) {
                return Optional.of(payment);
            }
            // Nothing was taken (no payment, declined, failed), or it is paid back already.
            if (this.inbox.firstDelivery(jdbc, QUEUE, envelope, Buckets.of(userId)) && payment != null
                    && payment.status() == PaymentStatus.REFUNDED) {
                answer(jdbc, payment);
            }
            return Optional.<Payment>empty();
        });
        if (captured.isEmpty()) {
            return;
        }
        this.provider.refund("refund-" + command.orderId(), String.valueOf(captured.get().providerChargeId()));
        this.shards.writeWithoutResult(userId, jdbc -> {
            if (!this.inbox.firstDelivery(jdbc, QUEUE, envelope, Buckets.of(userId))) {
                return;
            }
            Payment payment = this.payments.lock(jdbc, command.orderId(), userId).orElseThrow();
            if (payment.status() == PaymentStatus.CAPTURED) {
                this.payments.settle(jdbc, command.orderId(), PaymentStatus.REFUNDED, null, null, this.clock.instant());
            }
            answer(jdbc, this.payments.find(jdbc, command.orderId(), userId).orElseThrow());
        });
    }

    /** Publishes the payment's recorded outcome. */
    private void answer(JdbcClient jdbc, Payment payment) {
        Object data = switch (payment.status()) {
            case CAPTURED, REFUNDED -> new PaymentMessages.Moved(payment.orderId(), payment.userId(), payment.id(),
                    payment.amountMinor(), payment.currency());
            case DECLINED, FAILED -> new PaymentMessages.Refused(payment.orderId(), payment.userId(), payment.id(),
                    String.valueOf(payment.reason()));
            case PENDING -> throw new IllegalStateException("payment of order " + payment.orderId() + " is pending");
        };
        String type = "payment." + payment.status().name().toLowerCase(java.util.Locale.ROOT);
        this.outbox.append(jdbc, type, PaymentMessages.VERSION, payment.orderId(), data, Buckets.of(payment.userId()));
    }
}
