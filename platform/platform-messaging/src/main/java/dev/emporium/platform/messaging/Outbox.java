package dev.emporium.platform.messaging;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a service's events into its outbox, in the caller's transaction: the event exists if and only if the change
 * it announces was committed. The {@link OutboxRelay} publishes it afterwards; a commit wakes the relay, so an event
 * usually leaves within milliseconds.
 *
 * <p>Each event gets a new id and the trace context of the work that causes it: the message being handled, or the
 * HTTP request's {@code traceparent} header, or a new trace.
 */
public final class Outbox {

    private static final HexFormat HEX = HexFormat.of();

    private final String source;

    private final JsonMapper json;

    private final Clock clock;

    private volatile Runnable onCommit = () -> {
    };

    private final @Nullable MessageTracing tracing;

    public Outbox(String source, JsonMapper json, Clock clock) {
        this(source, json, clock, null);
    }

    /** With {@code tracing}, an event carries the trace of the span that wrote it. */
    public Outbox(String source, JsonMapper json, Clock clock, @Nullable MessageTracing tracing) {
        this.source = source;
        this.json = json;
        this.clock = clock;
        this.tracing = tracing;
    }

    /** What to do after a transaction that wrote to the outbox commits: the relay's wake-up call. */
    void onCommit(Runnable action) {
        this.onCommit = action;
    }

    /**
     * Adds an event to the outbox in the transaction {@code jdbc} belongs to.
     *
     * @param type the event's type and routing key, such as {@code order.confirmed}
     * @param version the version of {@code data}'s schema
     * @param subject the entity it is about
     * @param data the payload: a record, serialised as JSON
     * @param bucket the user's bucket on a shard (so the row moves with it), or {@code null}
     * @return the envelope written
     */
    public Envelope append(JdbcClient jdbc, String type, int version, String subject, Object data,
            @Nullable Integer bucket) {
        JsonNode payload = this.json.valueToTree(data);
        Envelope envelope = new Envelope(UUID.randomUUID().toString(), type, version, this.source, this.clock.instant(),
                subject, traceparent(this.tracing), payload);
        jdbc.sql("""
                insert into outbox (id, exchange, type, envelope, created_at, bucket)
                values (:id, :exchange, :type, :envelope, :createdAt, :bucket)
                """)
            .param("id", envelope.id())
            .param("exchange", envelope.exchange())
            .param("type", type)
            .param("envelope", new String(envelope.toJson(this.json), java.nio.charset.StandardCharsets.UTF_8))
            .param("createdAt", OffsetDateTime.ofInstant(envelope.time(), ZoneOffset.UTC))
            .param("bucket", bucket)
            .update();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    Outbox.this.onCommit.run();
                }
            });
        }
        return envelope;
    }

    /**
     * The trace context to carry: the current span's (with tracing), else the current message's trace with a new
     * parent id, or the HTTP request's, or a new trace (W3C {@code traceparent}: version, 16-byte trace id, 8-byte
     * parent id, flags).
     */
    static String traceparent(@Nullable MessageTracing tracing) {
        String traced = tracing == null ? null : tracing.currentTraceparent();
        if (traced != null) {
            return traced;
        }
        String inherited = null;
        Envelope current = Deliveries.current();
        if (current != null) {
            inherited = current.traceparent();
        }
        else if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            inherited = request.getHeader("traceparent");
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String parentId = HEX.toHexDigits(random.nextLong() | 1);
        if (inherited != null && inherited.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}")) {
            return "00-" + inherited.substring(3, 35) + "-" + parentId + inherited.substring(52);
        }
        return "00-" + HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong() | 1) + "-" + parentId + "-01";
    }
}
