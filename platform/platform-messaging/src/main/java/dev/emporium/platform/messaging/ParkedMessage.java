package dev.emporium.platform.messaging;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A message that failed every attempt, waiting in its queue's parking lot.
 *
 * @param queue the queue it was taken from (and goes back to on replay)
 * @param messageId the envelope's id (or the broker's message id, for a message that is not an envelope)
 * @param type the envelope's type, if it could be read
 * @param attempts how many times it was tried
 * @param error why the last attempt failed
 * @param parkedAt when it was parked
 * @param body the message as it was received
 */
public record ParkedMessage(String queue, String messageId, @Nullable String type, int attempts, String error,
        Instant parkedAt, String body) {
}
