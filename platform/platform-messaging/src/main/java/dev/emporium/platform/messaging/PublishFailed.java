package dev.emporium.platform.messaging;

/** The broker did not confirm a message: it may or may not have been delivered, so it will be published again. */
public class PublishFailed extends Exception {

    public PublishFailed(String message) {
        super(message);
    }

    public PublishFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
