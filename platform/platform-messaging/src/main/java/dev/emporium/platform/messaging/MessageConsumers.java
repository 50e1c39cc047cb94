package dev.emporium.platform.messaging;

import java.util.ArrayList;
import java.util.List;

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

    private final List<AutoCloseable> running = new ArrayList<>();

    MessageConsumers(String exchange, List<Subscription> subscriptions, MessageTransport transport,
            MessagingProperties properties, JsonMapper json, @Nullable MeterRegistry meters) {
        this.exchange = exchange;
        this.subscriptions = subscriptions;
        this.transport = transport;
        this.properties = properties;
        this.json = json;
        this.meters = meters;
    }

    @Override
    public synchronized void start() {
        this.transport.declareExchange(this.exchange);
        RetryPolicy retries = this.properties.retryPolicy();
        for (Subscription subscription : this.subscriptions) {
            this.running.add(this.transport.consume(subscription, retries, this.properties.concurrency(),
                    new Deliveries(subscription, retries, this.json, this.meters)));
            log.info("Consuming {} ({})", subscription.queue(), subscription.bindings());
        }
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
