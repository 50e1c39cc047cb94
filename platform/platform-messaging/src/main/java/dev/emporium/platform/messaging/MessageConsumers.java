package dev.emporium.platform.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

import dev.emporium.platform.messaging.MessageTransport.QueueDepth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts the service's consumers once the context is ready (last), and stops them first on shutdown, so messages in
 * flight finish while the database is still there. It also declares the exchange the service publishes on.
 */
final class MessageConsumers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MessageConsumers.class);

    private final String exchange;

    private final List<Subscription> subscriptions;

    private final MessageTransport transport;

    private final MessagingProperties properties;

    private final JsonMapper json;

    private final @Nullable MeterRegistry meters;

    private final @Nullable MessageTracing tracing;

    private final List<AutoCloseable> running = new ArrayList<>();

    MessageConsumers(String exchange, List<Subscription> subscriptions, MessageTransport transport,
            MessagingProperties properties, JsonMapper json, @Nullable MeterRegistry meters,
            @Nullable MessageTracing tracing) {
        this.exchange = exchange;
        this.subscriptions = subscriptions;
        this.transport = transport;
        this.properties = properties;
        this.json = json;
        this.meters = meters;
        this.tracing = tracing;
    }

    @Override
    public synchronized void start() {
        this.transport.declareExchange(this.exchange);
        RetryPolicy retries = this.properties.retryPolicy();
        for (Subscription subscription : this.subscriptions) {
            this.running.add(this.transport.consume(subscription, retries, this.properties.concurrency(),
                    new Deliveries(subscription, retries, this.json, this.meters, this.tracing)));
            log.info("Consuming {} ({})", subscription.queue(), subscription.bindings());
            if (this.meters != null) {
                gauge("emporium.messaging.queue.depth", "Messages waiting in the queue for a consumer",
                        subscription.queue(), QueueDepth::ready);
                gauge("emporium.messaging.parked", "Messages in the queue's parking lot (failed every attempt)",
                        subscription.queue(), QueueDepth::parked);
            }
        }
    }

    /** A gauge read from the broker at each scrape: NaN while the broker cannot tell. */
    private void gauge(String name, String description, String queue, ToLongFunction<QueueDepth> count) {
        Gauge.builder(name, () -> {
            try {
                return count.applyAsLong(this.transport.depth(queue));
            }
            catch (RuntimeException ex) {
                return Double.NaN;
            }
        }).description(description).tag("queue", queue).strongReference(true).register(this.meters);
    }

    @Override
    public synchronized void stop() {
        for (AutoCloseable consumer : this.running) {
            try {
                consumer.close();
            }
            catch (Exception ex) {
                log.warn("Stopping a consumer failed", ex);
            }
        }
        this.running.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !this.running.isEmpty();
    }
}
