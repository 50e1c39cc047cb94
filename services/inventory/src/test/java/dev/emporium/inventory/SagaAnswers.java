package dev.emporium.inventory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.emporium.platform.messaging.Deliveries;
import dev.emporium.platform.messaging.Envelope;
import dev.emporium.platform.messaging.MessageTransport;
import dev.emporium.platform.messaging.RetryPolicy;
import dev.emporium.platform.messaging.Subscription;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/** What inventory answers, as the order saga would receive it: every {@code stock.*} event, by order. */
final class SagaAnswers implements AutoCloseable {

    private final Map<String, List<Envelope>> answers = new ConcurrentHashMap<>();

    private AutoCloseable consumer;

    static SagaAnswers listen(MessageTransport transport) {
        SagaAnswers saga = new SagaAnswers();
        Subscription subscription = new Subscription("test.saga-" + System.nanoTime(),
                List.of(new Subscription.Binding("inventory", "stock.*")),
                delivery -> saga.answers.computeIfAbsent(delivery.envelope().subject(), key -> new CopyOnWriteArrayList<>())
                    .add(delivery.envelope()));
        RetryPolicy once = new RetryPolicy(List.of());
        saga.consumer = transport.consume(subscription, once, 1,
                new Deliveries(subscription, once, JsonMapper.builder().build(), null));
        return saga;
    }

    List<Envelope> answers(String orderId) {
        return List.copyOf(this.answers.getOrDefault(orderId, List.of()));
    }

    List<String> types(String orderId) {
        return answers(orderId).stream().map(Envelope::type).toList();
    }

    /** Waits for the order's answer of that type. */
    Envelope awaitAnswer(String orderId, String type) {
        return await().until(() -> answers(orderId).stream().filter(answer -> answer.type().equals(type)).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }

    @Override
    public void close() throws Exception {
        this.consumer.close();
    }
}
