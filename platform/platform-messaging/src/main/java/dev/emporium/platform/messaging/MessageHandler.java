package dev.emporium.platform.messaging;

/**
 * Acts on one message. To be idempotent, a handler records the message in the {@link Inbox} in the same transaction
 * as its effect, and skips a message recorded before. Throwing asks for the message again later (with backoff);
 * after the last attempt it is parked, for an operator to replay. A handler that must not leave its caller waiting
 * forever checks {@link Delivery#lastAttempt()} and records a final outcome instead of throwing.
 */
@FunctionalInterface
public interface MessageHandler {

    void handle(Delivery delivery) throws Exception;

    /**
     * @param envelope the message
     * @param attempt 1 for the first delivery, counting retries (a redelivery after a crash counts as the same attempt)
     * @param lastAttempt whether a failure now parks the message
     */
    record Delivery(Envelope envelope, int attempt, boolean lastAttempt) {
    }
}
