package dev.emporium.platform.messaging;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

/**
 * The part of consuming a message that is the same on every transport: read the envelope, hand it to the
 * subscription's handler with its attempt number, and decide what the transport does next: nothing more (done),
 * deliver it again after the backoff's delay (retry), or put it in the parking lot (park). While the handler runs,
 * the message is {@link #current() current} on its thread, so events it writes to the outbox carry its trace context.
 */
public final class Deliveries {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    /** One line per message handled, as the HTTP access log has one per request (platform-web). */
    private static final Logger access = LoggerFactory.getLogger("dev.emporium.access");

    private static final ThreadLocal<@Nullable Envelope> CURRENT = new ThreadLocal<>();

    private final Subscription subscription;

    private final RetryPolicy retries;

    private final JsonMapper json;

    private final @Nullable MeterRegistry meters;

    private final @Nullable MessageTracing tracing;

    public Deliveries(Subscription subscription, RetryPolicy retries, JsonMapper json, @Nullable MeterRegistry meters) {
        this(subscription, retries, json, meters, null);
    }

    /** With {@code tracing}, each message is handled in a span that continues its trace. */
    public Deliveries(Subscription subscription, RetryPolicy retries, JsonMapper json, @Nullable MeterRegistry meters,
            @Nullable MessageTracing tracing) {
        this.subscription = subscription;
        this.retries = retries;
        this.json = json;
        this.meters = meters;
        this.tracing = tracing;
    }

    /** The message being handled on this thread, if any. */
    public static @Nullable Envelope current() {
        return CURRENT.get();
    }

    /**
     * Handles one delivery of the message.
     *
     * @param attempt 1 for the first delivery, counting retries
     */
    public Outcome deliver(byte[] body, int attempt) {
        long start = System.nanoTime();
        Outcome outcome;
        Envelope envelope = null;
        try {
            envelope = Envelope.fromJson(this.json, body);
            CURRENT.set(envelope);
            MDC.put("messageId", envelope.id());
            if (envelope.traceparent() != null) {
                MDC.put("traceparent", envelope.traceparent());
            }
            handle(envelope, attempt);
            outcome = Outcome.DONE;
        }
        catch (Exception ex) {
            outcome = failed(envelope, attempt, ex);
        }
        finally {
            CURRENT.remove();
            MDC.remove("messageId");
            MDC.remove("traceparent");
        }
        record(outcome, System.nanoTime() - start);
        return outcome;
    }

    /** Runs the handler, in the span of the message's trace when tracing is on, and notes it in the access log. */
    private void handle(Envelope envelope, int attempt) throws Exception {
        MessageHandler.Delivery delivery = new MessageHandler.Delivery(envelope, attempt,
                attempt >= this.retries.maxAttempts());
        if (this.tracing == null) {
            this.subscription.handler().handle(delivery);
            return;
        }
        try (MessageTracing.Handling span = this.tracing.handling(envelope, this.subscription.queue())) {
            long start = System.nanoTime();
            this.subscription.handler().handle(delivery);
            if (access.isInfoEnabled()) {
                access.info("{} {} from {} (attempt {}) handled in {} ms", envelope.type(), envelope.id(),
                        this.subscription.queue(), attempt, (System.nanoTime() - start) / 1_000_000);
            }
        }
    }

    private Outcome failed(@Nullable Envelope envelope, int attempt, Exception ex) {
        String what = envelope == null ? "an unreadable message"
                : envelope.type() + " message " + envelope.id() + " about " + envelope.subject();
        String error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
        Duration delay = this.retries.delayAfter(attempt);
        if (delay == null) {
            log.error("Parking {} from queue {} after {} attempts: {}", what, this.subscription.queue(), attempt, error, ex);
            return Outcome.park(error);
        }
        log.warn("Attempt {} of {} at {} from queue {} failed, trying again in {} ms: {}", attempt,
                this.retries.maxAttempts(), what, this.subscription.queue(), delay.toMillis(), error);
        return Outcome.retry(delay, error);
    }

    private void record(Outcome outcome, long nanos) {
        if (this.meters == null) {
            return;
        }
        String queue = this.subscription.queue();
        this.meters.counter("emporium.messaging.consumed", "queue", queue, "outcome", outcome.kind().tag()).increment();
        this.meters.timer("emporium.messaging.handling", "queue", queue).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * What the transport does with a message after a delivery.
     *
     * @param delay before the next attempt, for {@link Kind#RETRY}
     * @param error why the attempt failed, for retries and parking
     */
    public record Outcome(Kind kind, @Nullable Duration delay, @Nullable String error) {

        static final Outcome DONE = new Outcome(Kind.DONE, null, null);

        static Outcome retry(Duration delay, String error) {
            return new Outcome(Kind.RETRY, delay, error);
        }

        static Outcome park(String error) {
            return new Outcome(Kind.PARK, null, error);
        }

        public enum Kind {

            DONE, RETRY, PARK;

            String tag() {
                return switch (this) {
                    case DONE -> "done";
                    case RETRY -> "retried";
                    case PARK -> "parked";
                };
            }
        }
    }
}
