package dev.emporium.notifications.email;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The sent_emails table: one row per order and kind, the key that makes each email go out once. */
@Repository
class SentEmails {

    private final JdbcClient jdbc;

    SentEmails(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * In the caller's transaction: records the email PENDING unless it is recorded already, and takes the lease to
     * send it until {@code leaseUntil}.
     *
     * @return {@link Claim#SEND} if this delivery is to send it now; {@link Claim#DONE} if it was sent (or skipped)
     *         before; {@link Claim#BUSY} if another delivery holds an unexpired lease on it
     */
    Claim claim(String orderId, EmailKind kind, String recipient, String subject, String messageId, Instant now,
            Instant leaseUntil) {
        insertIfAbsent(orderId, kind, recipient, subject, messageId, EmailStatus.PENDING, now);
        // Locked: a concurrent delivery of the same email waits here until this one has taken the lease or found it.
        Row row = this.jdbc.sql("""
                select status, sending_until from sent_emails where order_id = :orderId and kind = :kind for update
                """)
            .param("orderId", orderId)
            .param("kind", kind.name())
            .query((rs, rowNum) -> new Row(EmailStatus.valueOf(rs.getString("status")), instant(rs, "sending_until")))
            .single();
        if (row.status() != EmailStatus.PENDING) {
            return Claim.DONE;
        }
        if (row.sendingUntil() != null && row.sendingUntil().isAfter(now)) {
            return Claim.BUSY;
        }
        this.jdbc.sql("update sent_emails set sending_until = :until where order_id = :orderId and kind = :kind")
            .param("until", timestamp(leaseUntil))
            .param("orderId", orderId)
            .param("kind", kind.name())
            .update();
        return Claim.SEND;
    }

    /** Records an email that is not sent (no usable address), unless one is recorded already. */
    void recordSkipped(String orderId, EmailKind kind, @Nullable String recipient, String subject, String messageId,
            Instant now) {
        insertIfAbsent(orderId, kind, recipient, subject, messageId, EmailStatus.SKIPPED, now);
    }

    /** The server took the email: it is SENT, and no delivery sends it again. */
    void markSent(String orderId, EmailKind kind, Instant at) {
        this.jdbc.sql("""
                update sent_emails set status = 'SENT', sent_at = :at, sending_until = null
                where order_id = :orderId and kind = :kind and status = 'PENDING'
                """)
            .param("at", timestamp(at))
            .param("orderId", orderId)
            .param("kind", kind.name())
            .update();
    }

    /** Sending failed: the next delivery (this message's retry, or a repeat) may try at once. */
    void releaseLease(String orderId, EmailKind kind) {
        this.jdbc.sql("""
                update sent_emails set sending_until = null
                where order_id = :orderId and kind = :kind and status = 'PENDING'
                """)
            .param("orderId", orderId)
            .param("kind", kind.name())
            .update();
    }

    List<SentEmail> ofOrder(String orderId) {
        return this.jdbc.sql("""
                select order_id, kind, recipient, subject, status, message_id, sent_at from sent_emails
                where order_id = :orderId order by created_at, kind
                """)
            .param("orderId", orderId)
            .query((rs, rowNum) -> new SentEmail(rs.getString("order_id"), EmailKind.valueOf(rs.getString("kind")),
                    rs.getString("recipient"), rs.getString("subject"), EmailStatus.valueOf(rs.getString("status")),
                    rs.getString("message_id"), instant(rs, "sent_at")))
            .list();
    }

    private void insertIfAbsent(String orderId, EmailKind kind, @Nullable String recipient, String subject,
            String messageId, EmailStatus status, Instant now) {
        this.jdbc.sql("""
                insert into sent_emails (order_id, kind, recipient, subject, message_id, status, created_at)
                values (:orderId, :kind, :recipient, :subject, :messageId, :status, :at)
                on conflict do nothing
                """)
            .param("orderId", orderId)
            .param("kind", kind.name())
            .param("recipient", recipient)
            .param("subject", subject)
            .param("messageId", messageId)
            .param("status", status.name())
            .param("at", timestamp(now))
            .update();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** What a delivery is to do with an email it has claimed. */
    enum Claim {
        SEND, DONE, BUSY
    }

    private record Row(EmailStatus status, @Nullable Instant sendingUntil) {
    }

    /** An email about an order, as the admin view shows it. */
    record SentEmail(String orderId, EmailKind kind, @Nullable String recipient, String subject, EmailStatus status,
            String messageId, @Nullable Instant sentAt) {
    }
}
