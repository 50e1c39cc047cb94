package dev.emporium.platform.messaging;

import java.util.List;

/**
 * A consumer's queue and what it receives: a service declares one bean of this type per queue it consumes, and the
 * platform declares the queue (durable; quorum when clustered), its bindings, its retry queues and its parking lot,
 * and delivers each message to the handler. Queues are named {@code <consumer service>.<purpose>}.
 *
 * @param queue the queue's name, such as {@code inventory.commands}
 * @param bindings the exchanges and routing-key patterns that feed it
 * @param handler what to do with each message
 */
public record Subscription(String queue, List<Binding> bindings, MessageHandler handler) {

    public Subscription {
        bindings = List.copyOf(bindings);
    }

    /**
     * Messages of {@code source}'s exchange whose type matches {@code pattern} (AMQP topic syntax: {@code *} is one
     * word, {@code #} any number).
     */
    public record Binding(String source, String pattern) {

        public String exchange() {
            return Envelope.exchangeOf(this.source);
        }
    }
}
