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

    private static final ThreadLocal<@Nullable Envelope> CURRENT = new ThreadLocal<>();

    private final Subscription subscription;

    private final RetryPolicy retries;

    private final JsonMapper json;

    private final @Nullable MeterRegistry meters;

    public Deliveries(Subscription subscription, RetryPolicy retries, JsonMapper json, @Nullable MeterRegistry meters) {
        this.subscription = subscription;
        this.retries = retries;
        this.json = json;
        this.meters = meters;
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
            this.subscription.handler()
                .handle(new MessageHandler.Delivery(envelope, attempt, attempt >= this.retries.maxAttempts()));
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
