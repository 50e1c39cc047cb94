package dev.emporium.platform.messaging;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Records the messages a consumer has acted on, in the same transaction as the effect: a message delivered again
 * (a redelivery after a crash, a duplicate publish) finds its row and is skipped, so it has one effect. Rows are kept
 * for {@code emporium.messaging.inbox-retention}, far longer than any message is retried.
 */
public final class Inbox {

    private final Clock clock;

    public Inbox(Clock clock) {
        this.clock = clock;
    }

    /**
     * Records the message for the consumer (its queue) in {@code jdbc}'s transaction.
     *
     * @param bucket the user's bucket on a shard (so the row moves with it), or {@code null}
     * @return {@code true} the first time, {@code false} if the consumer has seen the message before (then nothing
     *         was written, and the caller does nothing either)
     */
    public boolean firstDelivery(JdbcClient jdbc, String consumer, Envelope envelope, @Nullable Integer bucket) {
        // ON CONFLICT DO NOTHING rather than catching a duplicate key: the transaction stays usable on PostgreSQL, and
        // a concurrent delivery of the same message waits for this one's outcome.
        return jdbc.sql("""
                insert into inbox (consumer, message_id, received_at, bucket) values (:consumer, :id, :at, :bucket)
                on conflict do nothing
                """)
            .param("consumer", consumer)
            .param("id", envelope.id())
            .param("at", OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC))
            .param("bucket", bucket)
            .update() == 1;
    }
}
