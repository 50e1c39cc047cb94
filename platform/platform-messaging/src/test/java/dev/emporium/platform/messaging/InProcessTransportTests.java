package dev.emporium.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The in-process wire: routing by topic pattern, retries with backoff, the parking lot and replay. */
class InProcessTransportTests {

    static final JsonMapper json = JsonMapper.builder().build();

    static final RetryPolicy QUICK = new RetryPolicy(List.of(Duration.ofMillis(50), Duration.ofMillis(100)));

    final InProcessTransport transport = InProcessTransport.isolated();

    @Test
    void topicPatternsMatchLikeAmqp() {
        assertThat(InProcessTransport.TopicPattern.matches("payments.*", "payments.charge")).isTrue();
        assertThat(InProcessTransport.TopicPattern.matches("payments.*", "payments.charge.now")).isFalse();
        assertThat(InProcessTransport.TopicPattern.matches("payments.#", "payments.charge.now")).isTrue();
        assertThat(InProcessTransport.TopicPattern.matches("#", "anything.at.all")).isTrue();
        assertThat(InProcessTransport.TopicPattern.matches("order.confirmed", "order.cancelled")).isFalse();
        assertThat(InProcessTransport.TopicPattern.matches("*.confirmed", "order.confirmed")).isTrue();
        assertThat(InProcessTransport.TopicPattern.matches("#.confirmed", "confirmed")).isTrue();
    }

    @Test
    void aMessageReachesEveryQueueBoundToItsTypeAndAnUnroutableOneIsNotSent() throws Exception {
        this.transport.declareExchange("emporium.orders");
        List<String> confirmed = new CopyOnWriteArrayList<>();
        List<String> everything = new CopyOnWriteArrayList<>();
        consume("a.confirmed", "order.confirmed", delivery -> confirmed.add(delivery.envelope().type()), QUICK);
        consume("b.everything", "order.*", delivery -> everything.add(delivery.envelope().type()), QUICK);

        publish("order.confirmed");
        publish("order.cancelled");

        await().until(() -> everything.size() == 2 && confirmed.size() == 1);
        assertThat(confirmed).containsExactly("order.confirmed");
        assertThatExceptionOfType(PublishFailed.class).isThrownBy(() -> publish("stock.reserved"))
            .withMessageContaining("unroutable");
        assertThatExceptionOfType(PublishFailed.class)
            .isThrownBy(() -> this.transport.publish("emporium.nobody", "x", "1", new byte[0]))
            .withMessageContaining("No exchange");
    }

    @Test
    void aFailingMessageIsRetriedWithItsAttemptNumberAndThenSucceeds() throws Exception {
        this.transport.declareExchange("emporium.orders");
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        List<Boolean> last = new CopyOnWriteArrayList<>();
        consume("flaky", "order.*", delivery -> {
            attempts.add(delivery.attempt());
            last.add(delivery.lastAttempt());
            if (delivery.attempt() < 3) {
                throw new IllegalStateException("not yet");
            }
        }, QUICK);

        publish("order.confirmed");

        await().until(() -> attempts.size() == 3);
        assertThat(attempts).containsExactly(1, 2, 3);
        assertThat(last).containsExactly(false, false, true);
        assertThat(this.transport.parked("flaky")).isEmpty();
    }

    @Test
    void aMessageThatFailsEveryAttemptIsParkedAndCanBeReplayed() throws Exception {
        this.transport.declareExchange("emporium.orders");
        AtomicInteger calls = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean fixed = new java.util.concurrent.atomic.AtomicBoolean();
        consume("poisoned", "order.*", delivery -> {
            calls.incrementAndGet();
            if (!fixed.get()) {
                throw new IllegalStateException("SMTP down");
            }
        }, QUICK);
        String id = publish("order.confirmed");
        this.transport.publish("emporium.orders", "order.cancelled", "not-json", "{not json".getBytes(StandardCharsets.UTF_8));

        await().until(() -> this.transport.parked("poisoned").size() == 2);
        ParkedMessage parked = this.transport.parked("poisoned").stream()
            .filter(message -> message.messageId().equals(id))
            .findFirst()
            .orElseThrow();
        assertThat(parked.queue()).isEqualTo("poisoned");
        assertThat(parked.type()).isEqualTo("order.confirmed");
        assertThat(parked.attempts()).isEqualTo(3);
        assertThat(parked.error()).contains("SMTP down");
        assertThat(calls).hasValue(3);
        assertThat(this.transport.parked("poisoned")).as("listing takes nothing out").hasSize(2);
        assertThat(this.transport.depth("poisoned")).as("the gauges' counts").isEqualTo(new MessageTransport.QueueDepth(0, 2));

        fixed.set(true);
        assertThat(this.transport.replay("poisoned", id)).isEqualTo(1);

        await().until(() -> calls.get() == 4);
        assertThat(this.transport.parked("poisoned")).extracting(ParkedMessage::messageId).containsExactly("not-json");
        assertThat(this.transport.replay("poisoned", null)).isEqualTo(1);
        await().until(() -> this.transport.parked("poisoned").size() == 1);
        assertThat(this.transport.queues()).containsExactly("poisoned");
    }

    private void consume(String queue, String pattern, MessageHandler handler, RetryPolicy retries) {
        Subscription subscription = new Subscription(queue, List.of(new Subscription.Binding("orders", pattern)), handler);
        this.transport.consume(subscription, retries, 2, new Deliveries(subscription, retries, json, null));
    }

    private String publish(String type) throws PublishFailed {
        Envelope envelope = new Envelope(UUID.randomUUID().toString(), type, 1, "orders", Instant.now(), "order-1", null,
                json.createObjectNode().put("orderId", "order-1"));
        this.transport.publish(envelope.exchange(), type, envelope.id(), envelope.toJson(json));
        return envelope.id();
    }
}
