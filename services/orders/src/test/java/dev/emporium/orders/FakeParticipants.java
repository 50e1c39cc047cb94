package dev.emporium.orders;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.emporium.platform.messaging.Deliveries;
import dev.emporium.platform.messaging.Envelope;
import dev.emporium.platform.messaging.MessageTransport;
import dev.emporium.platform.messaging.PublishFailed;
import dev.emporium.platform.messaging.RetryPolicy;
import dev.emporium.platform.messaging.Subscription;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Inventory and payments as the saga sees them, on the in-process transport: they consume {@code inventory.*} and
 * {@code payments.*} commands and answer as scripted. Stock is there except for products marked short, payments
 * are captured except for the declining token, a commit fails for products marked so, and orders with a silent
 * product get no answer at all. Every command and every {@code order.*} event is recorded per order.
 */
final class FakeParticipants {

    static final String SILENT = "p-silent";

    private final MessageTransport transport;

    private final JsonMapper json = JsonMapper.builder().build();

    private final Set<String> shortOfStock = ConcurrentHashMap.newKeySet();

    private final Set<String> commitFails = ConcurrentHashMap.newKeySet();

    /** Orders with a silent product: none of their commands is answered. */
    private final Set<String> silent = ConcurrentHashMap.newKeySet();

    private final Map<String, List<Envelope>> received = new ConcurrentHashMap<>();

    private final List<AutoCloseable> consumers = new CopyOnWriteArrayList<>();

    FakeParticipants(MessageTransport transport) {
        this.transport = transport;
        transport.declareExchange(Envelope.exchangeOf("inventory"));
        transport.declareExchange(Envelope.exchangeOf("payments"));
        listen(new Subscription("inventory.commands", List.of(new Subscription.Binding("orders", "inventory.*")),
                delivery -> answer(delivery.envelope())));
        listen(new Subscription("payments.commands", List.of(new Subscription.Binding("orders", "payments.*")),
                delivery -> answer(delivery.envelope())));
        listen(new Subscription("test.order-events", List.of(new Subscription.Binding("orders", "order.*")),
                delivery -> record(delivery.envelope())));
    }

    private void listen(Subscription subscription) {
        RetryPolicy once = new RetryPolicy(List.of());
        this.consumers.add(this.transport.consume(subscription, once, 2,
                new Deliveries(subscription, once, this.json, null)));
    }

    void shortOfStock(String productId) {
        this.shortOfStock.add(productId);
    }

    void commitFails(String productId) {
        this.commitFails.add(productId);
    }

    /** The types of the messages about the order, in the order they came. */
    List<String> messages(String orderId) {
        return this.received.getOrDefault(orderId, List.of()).stream().map(Envelope::type).toList();
    }

    List<Envelope> envelopes(String orderId) {
        return List.copyOf(this.received.getOrDefault(orderId, List.of()));
    }

    /** Publishes an answer as inventory or payments would (with a given id, to deliver one message twice). */
    void publish(String source, String type, String messageId, ObjectNode data) throws PublishFailed {
        publish(source, type, messageId, data, null);
    }

    private void publish(String source, String type, String messageId, ObjectNode data, @Nullable String traceparent)
            throws PublishFailed {
        Envelope envelope = new Envelope(messageId, type, 1, source, Instant.now(), data.get("orderId").asString(),
                traceparent, data);
        this.transport.publish(envelope.exchange(), type, messageId, envelope.toJson(this.json));
    }

    ObjectNode answerTo(String orderId, String userId) {
        return this.json.createObjectNode().put("orderId", orderId).put("userId", userId);
    }

    private void record(Envelope envelope) {
        this.received.computeIfAbsent(envelope.subject(), key -> new CopyOnWriteArrayList<>()).add(envelope);
    }

    private void answer(Envelope command) throws PublishFailed {
        record(command);
        JsonNode data = command.data();
        List<String> products = data.path("lines").valueStream().map(line -> line.get("productId").asString()).toList();
        if (products.contains(SILENT)) {
            this.silent.add(command.subject());
        }
        if (this.silent.contains(command.subject())) {
            return;
        }
        ObjectNode answer = answerTo(data.get("orderId").asString(), data.get("userId").asString());
        switch (command.type()) {
            case "inventory.reserve-stock" -> {
                List<String> lacking = products.stream().filter(this.shortOfStock::contains).toList();
                if (lacking.isEmpty()) {
                    publish("inventory", "stock.reserved", UUID.randomUUID().toString(), answer, command.traceparent());
                }
                else {
                    answer.putPOJO("products", lacking);
                    answer.put("reason", "Not enough stock for " + String.join(", ", lacking) + ".");
                    publish("inventory", "stock.rejected", UUID.randomUUID().toString(), answer, command.traceparent());
                }
            }
            case "inventory.commit-stock" -> {
                if (products.stream().anyMatch(this.commitFails::contains)) {
                    answer.putPOJO("products", products.stream().filter(this.commitFails::contains).toList());
                    answer.put("reason", "Sold out meanwhile.");
                    publish("inventory", "stock.commit-failed", UUID.randomUUID().toString(), answer, command.traceparent());
                }
                else {
                    publish("inventory", "stock.committed", UUID.randomUUID().toString(), answer, command.traceparent());
                }
            }
            case "inventory.release-stock" -> publish("inventory", "stock.released", UUID.randomUUID().toString(), answer, command.traceparent());
            case "payments.charge" -> {
                if (data.get("paymentToken").asString().equals("tok_chargeDeclined")) {
                    answer.put("reason", "Your card was declined.");
                    publish("payments", "payment.declined", UUID.randomUUID().toString(), answer, command.traceparent());
                }
                else {
                    answer.put("amountMinor", data.get("amountMinor").asLong());
                    answer.put("currency", data.get("currency").asString());
                    publish("payments", "payment.captured", UUID.randomUUID().toString(), answer, command.traceparent());
                }
            }
            case "payments.refund" -> publish("payments", "payment.refunded", UUID.randomUUID().toString(), answer, command.traceparent());
            default -> throw new IllegalArgumentException("unexpected " + command.type());
        }
    }

    void stop() throws Exception {
        for (AutoCloseable consumer : this.consumers) {
            consumer.close();
        }
    }
}
