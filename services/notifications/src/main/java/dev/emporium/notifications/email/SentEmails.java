package dev.emporium.notifications.email;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The sent_emails table: one row per order and kind. */
@Repository
class SentEmails {

    private final JdbcClient jdbc;

    SentEmails(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the email as PENDING unless it is recorded already; either way, returns its row, locked. */
    SentEmail claim(String orderId, EmailKind kind, @Nullable String recipient, String subject, String messageId,
            Instant at) {
        this.jdbc.sql("""
                insert into sent_emails (order_id, kind, recipient, subject, message_id, status, created_at)
                values (:orderId, :kind, :recipient, :subject, :messageId, 'PENDING', :at)
                on conflict do nothing
                """)
            .param("orderId", orderId)
            .param("kind", kind.name())
            .param("recipient", recipient)
            .param("subject", subject)
            .param("messageId", messageId)
            .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
            .update();
        return this.jdbc.sql("select * from sent_emails where order_id = :orderId and kind = :kind for update")
            .param("orderId", orderId)
            .param("kind", kind.name())
            .query((row, rowNum) -> sentEmail(row))
            .single();
    }

    void mark(String orderId, EmailKind kind, String status, Instant at) {
        this.jdbc.sql("update sent_emails set status = :status, sent_at = :at where order_id = :orderId and kind = :kind")
            .param("status", status)
            .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
            .param("orderId", orderId)
            .param("kind", kind.name())
            .update();
    }

    List<SentEmail> ofOrder(String orderId) {
        return this.jdbc.sql("select * from sent_emails where order_id = :orderId order by created_at")
            .param("orderId", orderId)
            .query((row, rowNum) -> sentEmail(row))
            .list();
    }

    private static SentEmail sentEmail(java.sql.ResultSet row) throws java.sql.SQLException {
        OffsetDateTime sentAt = row.getObject("sent_at", OffsetDateTime.class);
        return new SentEmail(row.getString("order_id"), EmailKind.valueOf(row.getString("kind")),
                row.getString("recipient"), row.getString("subject"), row.getString("message_id"),
                row.getString("status"), sentAt == null ? null : sentAt.toInstant());
    }

    /** An email as recorded: its status is PENDING, SENT or SKIPPED (no address). */
    record SentEmail(String orderId, EmailKind kind, @Nullable String recipient, String subject, String messageId,
            String status, @Nullable Instant sentAt) {

        Optional<Instant> sent() {
            return Optional.ofNullable(this.sentAt);
        }
    }
}
