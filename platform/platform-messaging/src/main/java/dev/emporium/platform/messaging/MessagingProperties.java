package dev.emporium.platform.messaging;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code emporium.messaging.*}.
 *
 * @param enabled whether this service takes part in messaging (its outbox, relay and consumers); off by default
 * @param transport {@code in-process} (embedded mode: one JVM) or {@code rabbit} (RabbitMQ, platform-messaging-rabbit)
 * @param retryBackoff the delays between attempts at a failing message; after the last, it is parked
 * @param concurrency how many messages of one queue an instance handles at once
 * @param inboxRetention how long a consumer remembers a message it has acted on
 * @param relay the outbox relay
 * @param inProcessBroker which of the JVM's in-process brokers the in-process transport uses (one per platform)
 */
@ConfigurationProperties("emporium.messaging")
public record MessagingProperties(boolean enabled, @DefaultValue("in-process") String transport,
        @DefaultValue({ "1s", "5s", "30s" }) List<Duration> retryBackoff, @DefaultValue("4") int concurrency,
        @DefaultValue("7d") Duration inboxRetention, @DefaultValue Relay relay,
        @DefaultValue("default") String inProcessBroker) {

    public RetryPolicy retryPolicy() {
        return new RetryPolicy(this.retryBackoff);
    }

    /**
     * @param enabled whether this instance publishes its outbox
     * @param initialDelay how long after start the relay first looks (a fault-injection knob for tests of a crash
     *        between commit and publish)
     * @param pollInterval how often it looks without being woken by a commit
     * @param batchSize rows locked and published per transaction
     * @param retention how long sent rows are kept
     */
    public record Relay(@DefaultValue("true") boolean enabled, @DefaultValue("0s") Duration initialDelay,
            @DefaultValue("500ms") Duration pollInterval, @DefaultValue("100") int batchSize,
            @DefaultValue("1h") Duration retention) {
    }
}
