package dev.emporium.platform.messaging.rabbit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.emporium.platform.messaging.Deliveries;
import dev.emporium.platform.messaging.Envelope;
import dev.emporium.platform.messaging.MessageHandler;
import dev.emporium.platform.messaging.MessageTransport;
import dev.emporium.platform.messaging.ParkedMessage;
import dev.emporium.platform.messaging.PublishFailed;
import dev.emporium.platform.messaging.RetryPolicy;
import dev.emporium.platform.messaging.Subscription;
import dev.emporium.testsupport.rabbit.TemporaryVhost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The RabbitMQ wire on the machine's broker, in a virtual host of its own. */
class RabbitTransportIntegrationTests {

    static final JsonMapper json = JsonMapper.builder().build();

    static final RetryPolicy QUICK = new RetryPolicy(List.of(Duration.ofMillis(100), Duration.ofMillis(200)));

    static TemporaryVhost vhost;

    RabbitTransport transport;

    final List<AutoCloseable> consumers = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void createVhost() {
        vhost = TemporaryVhost.create();
    }

    @AfterAll
    static void deleteVhost() {
        vhost.close();
    }

    void connect(boolean quorum) {
        connect(quorum, Duration.ofSeconds(5));
    }

    void connect(boolean quorum, Duration confirmTimeout) {
        RabbitMessagingProperties properties = new RabbitMessagingProperties("127.0.0.1:5672", "guest", "guest",
                vhost.name(), quorum, confirmTimeout, 10);
        this.transport = new RabbitTransport(RabbitTransport.connectionFactory(properties, "test"), properties);
        this.transport.declareExchange("emporium.orders");
    }

    @AfterEach
    void disconnect() throws Exception {
        for (AutoCloseable consumer : this.consumers) {
            consumer.close();
        }
        this.transport.close();
    }

    @Test
    void aConfirmedMessageReachesTheBoundQueueAndAnUnroutableOneIsNotSent() throws Exception {
        connect(false);
        List<Envelope> received = new CopyOnWriteArrayList<>();
        consume("a.confirmed", "order.confirmed", delivery -> received.add(delivery.envelope()));

        Envelope sent = publish("order.confirmed");

        await().until(() -> received.size() == 1);
        assertThat(received.getFirst()).isEqualTo(sent);
        // No queue of this vhost takes shipment.* (the other tests bind order.*).
        assertThatExceptionOfType(PublishFailed.class).isThrownBy(() -> publish("shipment.sent"))
            .withMessageContaining("unroutable");
        assertThatExceptionOfType(PublishFailed.class)
            .isThrownBy(() -> this.transport.publish("emporium.nobody", "x", "1", new byte[] { '{', '}' }));
        // The missing exchange closed a channel: a publish may meet it once closing (and fail, to be retried by the
        // relay); publishing works again at once.
        await().ignoreExceptions().until(() -> {
            publish("order.confirmed");
            return true;
        });
        await().until(() -> received.size() == 2);
    }

    @Test
    void aFailingMessageIsRetriedThroughTheDelayQueuesThenSucceeds() throws Exception {
        connect(false);
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        consume("flaky", "order.*", delivery -> {
            attempts.add(delivery.attempt());
            if (delivery.attempt() < 3) {
                throw new IllegalStateException("not yet");
            }
        });

        long start = System.nanoTime();
        publish("order.confirmed");

        await().until(() -> attempts.size() == 3);
        assertThat(attempts).containsExactly(1, 2, 3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited 100 ms, then 200 ms")
            .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(this.transport.parked("flaky")).isEmpty();
    }

    @Test
    void aMessageThatFailsEveryAttemptIsParkedListedAndReplayed() throws Exception {
        connect(false);
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean fixed = new AtomicBoolean();
        consume("poisoned", "order.*", delivery -> {
            calls.incrementAndGet();
            if (!fixed.get()) {
                throw new IllegalStateException("SMTP down");
            }
        });
        Envelope first = publish("order.confirmed");
        Envelope second = publish("order.cancelled");

        await().until(() -> this.transport.parked("poisoned").size() == 2);
        List<ParkedMessage> parked = this.transport.parked("poisoned");
        assertThat(parked).extracting(ParkedMessage::messageId).containsExactlyInAnyOrder(first.id(), second.id());
        ParkedMessage one = parked.stream().filter(message -> message.messageId().equals(first.id())).findFirst().orElseThrow();
        assertThat(one.type()).isEqualTo("order.confirmed");
        assertThat(one.attempts()).isEqualTo(3);
        assertThat(one.error()).contains("SMTP down");
        assertThat(one.queue()).isEqualTo("poisoned");
        assertThat(calls).hasValue(6);
        assertThat(this.transport.parked("poisoned")).as("listing takes nothing out").hasSize(2);
        assertThat(this.transport.depth("poisoned")).as("the gauges' counts").isEqualTo(new MessageTransport.QueueDepth(0, 2));

        fixed.set(true);
        assertThat(this.transport.replay("poisoned", first.id())).isEqualTo(1);
        await().until(() -> calls.get() == 7);
        assertThat(this.transport.parked("poisoned")).extracting(ParkedMessage::messageId).containsExactly(second.id());
        assertThat(this.transport.replay("poisoned", null)).isEqualTo(1);
        await().until(() -> calls.get() == 8);
        assertThat(this.transport.parked("poisoned")).isEmpty();
        assertThat(this.transport.queues()).containsExactly("poisoned");
    }

    @Test
    void quorumQueuesAreDeclaredWhenAsked() throws Exception {
        connect(true);
        List<Envelope> received = new CopyOnWriteArrayList<>();
        consume("replicated", "order.*", delivery -> received.add(delivery.envelope()));

        publish("order.confirmed");

        await().until(() -> received.size() == 1);
        Process list = new ProcessBuilder("rabbitmqctl", "-q", "list_queues", "-p", vhost.name(), "name", "type")
            .redirectErrorStream(true).start();
        String queues = new String(list.getInputStream().readAllBytes());
        assertThat(list.waitFor()).isZero();
        assertThat(queues).containsPattern("replicated\\s+quorum").containsPattern("replicated.parking-lot\\s+quorum")
            .containsPattern("replicated.retry.100ms\\s+quorum");
    }

    @Test
    void durableQueuesAreDeclaredAgainByANewInstanceAndKeepTheirMessages() throws Exception {
        connect(false);
        List<Envelope> received = new CopyOnWriteArrayList<>();
        consume("durable", "order.*", delivery -> received.add(delivery.envelope()));
        this.consumers.removeFirst().close();
        Envelope waiting = publish("order.confirmed");
        this.transport.close();

        // A restarted service: a new connection declares the same topology again and finds the waiting message.
        connect(false);
        consume("durable", "order.*", delivery -> received.add(delivery.envelope()));

        await().until(() -> received.size() == 1);
        assertThat(received.getFirst().id()).isEqualTo(waiting.id());
    }

    @Test
    void aBrokerOutageFailsPublishingFastAndConsumersResumeAfterIt() throws Exception {
        Duration confirmTimeout = Duration.ofSeconds(2);
        connect(false, confirmTimeout);
        List<String> received = new CopyOnWriteArrayList<>();
        consume("resilient", "order.*", delivery -> received.add(delivery.envelope().id()));
        Envelope before = publish("order.confirmed");
        await().until(() -> received.contains(before.id()));

        // Short, and the broker is always started again: other tests on this machine use it.
        try {
            TemporaryVhost.rabbitmqctl("stop_app");
            long start = System.nanoTime();
            assertThatExceptionOfType(PublishFailed.class).isThrownBy(() -> publish("order.confirmed"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("fails within the confirm timeout")
                .isLessThan(confirmTimeout.plusSeconds(1));
        }
        finally {
            TemporaryVhost.rabbitmqctl("start_app");
        }

        // Nothing restarted: the same transport publishes again, and the same consumer receives it.
        List<String> sent = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            sent.add(publish("order.confirmed").id());
            return true;
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> received.contains(sent.getLast()));
    }

    private void consume(String queue, String pattern, MessageHandler handler) {
        Subscription subscription = new Subscription(queue, List.of(new Subscription.Binding("orders", pattern)), handler);
        this.consumers.add(this.transport.consume(subscription, QUICK, 2, new Deliveries(subscription, QUICK, json, null)));
    }

    private Envelope publish(String type) throws PublishFailed {
        Envelope envelope = new Envelope(UUID.randomUUID().toString(), type, 1, "orders", Instant.now(), "order-1",
                null, json.createObjectNode().put("orderId", "order-1"));
        this.transport.publish(envelope.exchange(), type, envelope.id(), envelope.toJson(json));
        return envelope;
    }
}
