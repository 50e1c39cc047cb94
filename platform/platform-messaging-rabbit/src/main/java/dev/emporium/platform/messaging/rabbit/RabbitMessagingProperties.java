package dev.emporium.platform.messaging.rabbit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code emporium.messaging.rabbit.*}: the broker, used when {@code emporium.messaging.transport=rabbit}.
 *
 * @param addresses {@code host:port} pairs, comma separated (a cluster's nodes)
 * @param quorumQueues declare the queues as quorum queues (replicated, for a RabbitMQ cluster) rather than classic
 * @param confirmTimeout how long a publish waits for the broker's confirm before it counts as failed
 * @param prefetch unacknowledged messages a consumer holds at once
 */
@ConfigurationProperties("emporium.messaging.rabbit")
public record RabbitMessagingProperties(@DefaultValue("127.0.0.1:5672") String addresses,
        @DefaultValue("guest") String username, @DefaultValue("guest") String password,
        @DefaultValue("/") String virtualHost, @DefaultValue("false") boolean quorumQueues,
        @DefaultValue("5s") Duration confirmTimeout, @DefaultValue("20") int prefetch) {
}
