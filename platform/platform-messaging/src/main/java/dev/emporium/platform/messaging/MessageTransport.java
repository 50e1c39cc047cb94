package dev.emporium.platform.messaging;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The wire, as a port with two adapters: in-process ({@link InProcessTransport}, embedded mode) and RabbitMQ
 * (platform-messaging-rabbit). Everything else (outbox, relay, inbox, retry decisions) is shared, so both run the
 * same code path.
 *
 * <p>Topology: one topic exchange per producing service ({@link Envelope#exchangeOf}), one durable queue per
 * {@link Subscription}, bound by routing key (the message type); for each queue a delay queue per step of the retry
 * backoff, whose messages return to the queue when their delay ends, and a parking lot, {@code <queue>.parking-lot}.
 */
public interface MessageTransport {

    /** Declares the exchange a service publishes on; declaring again is harmless. */
    void declareExchange(String exchange);

    /**
     * Publishes the message and returns once the broker has taken responsibility for it (publisher confirm). A
     * message no queue is bound for is not sent.
     *
     * @throws PublishFailed if the broker did not confirm it (unreachable, refused, unroutable or timed out); the
     *         message may or may not have been delivered, so the caller publishes it again later
     */
    void publish(String exchange, String routingKey, String messageId, byte[] body) throws PublishFailed;

    /**
     * Declares the subscription's queues and bindings and starts delivering its messages to {@code deliveries},
     * which decides, per message, whether it is done, to be retried after a delay, or to be parked.
     *
     * @param concurrency how many messages this instance handles at once
     * @return stops the consumer (messages in flight finish first)
     */
    AutoCloseable consume(Subscription subscription, RetryPolicy retries, int concurrency, Deliveries deliveries);

    /** The messages in the queue's parking lot, oldest first, without taking them out. */
    List<ParkedMessage> parked(String queue);

    /**
     * Moves parked messages back to the queue, with a fresh set of attempts.
     *
     * @param messageId one message, or all of them when {@code null}
     * @return how many were moved
     */
    int replay(String queue, @Nullable String messageId);

    /**
     * How many messages wait in the queue (ready, not yet delivered to a consumer) and in its parking lot, for the
     * {@code emporium.messaging.queue.depth} and {@code emporium.messaging.parked} gauges.
     *
     * @throws RuntimeException if the broker cannot tell now
     */
    QueueDepth depth(String queue);

    /** Messages waiting in a queue and in its parking lot. */
    record QueueDepth(long ready, long parked) {
    }

    /** The queues the parking lots of which this transport can see (the subscriptions declared on it). */
    List<String> queues();
}
