package dev.emporium.platform.messaging;

/** A message that cannot be read: not an envelope, or data that does not fit the consumer's record. */
public class UnreadableMessage extends RuntimeException {

    public UnreadableMessage(String message, Throwable cause) {
        super(message, cause);
    }
}
