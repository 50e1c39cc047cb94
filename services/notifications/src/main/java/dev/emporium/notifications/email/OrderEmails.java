package dev.emporium.notifications.email;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.emporium.platform.messaging.Envelope;
import dev.emporium.platform.messaging.Inbox;
import dev.emporium.platform.messaging.MessageHandler;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Emails the customer when their order is confirmed or cancelled, once per order and kind (the key of
 * {@code sent_emails}), however often and under however many message ids the event arrives:
 * <ol>
 * <li>one transaction records the message in the inbox and the email PENDING (or finds it recorded: a SENT one is
 * done), and takes a short lease on sending it, so that a repeat of the event handled at the same moment waits
 * (retries) instead of sending a second copy;</li>
 * <li>the email is sent, outside any transaction; an SMTP failure gives the lease back and throws, so the message is
 * retried with backoff and then parked, and replaying it sends the email;</li>
 * <li>a second transaction marks it SENT.</li>
 * </ol>
 * The one window for a duplicate: a crash after the SMTP server took the email and before step 3 leaves it PENDING,
 * and the redelivery sends it again once the lease has expired (SMTP has no idempotency key). The copy carries the
 * same Message-ID ({@code <orderId.kind@emporium.dev>}), so mail clients show it once. The inbox is not what decides
 * (a PENDING email is sent again on a redelivery that the inbox has seen): {@code sent_emails} is.
 */
@Service
class OrderEmails {

    static final String QUEUE = "notifications.orders";

    private static final Logger log = LoggerFactory.getLogger(OrderEmails.class);

    private final SentEmails sentEmails;

    private final EmailTemplates templates;

    private final Mailbox mailbox;

    private final Inbox inbox;

    private final JdbcClient jdbc;

    private final TransactionTemplate transaction;

    private final JsonMapper json;

    private final Clock clock;

    private final Duration sendLease;

    OrderEmails(SentEmails sentEmails, EmailTemplates templates, Mailbox mailbox, Inbox inbox, JdbcClient jdbc,
            TransactionTemplate transaction, JsonMapper json, Clock clock, NotificationsProperties properties) {
        this.sentEmails = sentEmails;
        this.templates = templates;
        this.mailbox = mailbox;
        this.inbox = inbox;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.json = json;
        this.clock = clock;
        this.sendLease = properties.sendLease();
    }

    void handle(MessageHandler.Delivery delivery) throws Exception {
        Envelope envelope = delivery.envelope();
        EmailKind kind = EmailKind.of(envelope.type());
        OrderEvent order = envelope.data(this.json, OrderEvent.class).check(kind);
        String orderId = order.id();
        EmailTemplates.Email email = this.templates.render(kind, order);
        String messageId = kind.messageId(orderId);
        String recipient = usableAddress(order.email());
        Instant now = this.clock.instant();
        SentEmails.Claim claim = this.transaction.execute(tx -> {
            boolean first = this.inbox.firstDelivery(this.jdbc, QUEUE, envelope, null);
            if (recipient == null) {
                String given = order.email() != null && order.email().length() <= 320 ? order.email() : null;
                this.sentEmails.recordSkipped(orderId, kind, given, email.subject(), messageId, now);
                return SentEmails.Claim.DONE;
            }
            SentEmails.Claim claimed = this.sentEmails.claim(orderId, kind, recipient, email.subject(), messageId, now,
                    now.plus(this.sendLease));
            if (!first && claimed == SentEmails.Claim.SEND) {
                log.info("Message {} again, and the {} email of order {} is not sent yet: sending it", envelope.id(),
                        kind, orderId);
            }
            return claimed;
        });
        if (claim == null || claim == SentEmails.Claim.DONE) {
            if (recipient == null) {
                log.warn("Order {} names no usable email address ({}): its {} email is skipped", orderId, order.email(),
                        kind);
            }
            return;
        }
        if (claim == SentEmails.Claim.BUSY) {
            throw new EmailBeingSent(orderId, kind);
        }
        try {
            this.mailbox.send(recipient, messageId, email);
        }
        catch (Exception ex) {
            try {
                this.transaction.executeWithoutResult(tx -> this.sentEmails.releaseLease(orderId, kind));
            }
            catch (RuntimeException releaseFailed) {
                // The lease then runs out by itself.
                ex.addSuppressed(releaseFailed);
            }
            throw ex;
        }
        this.transaction.executeWithoutResult(tx -> this.sentEmails.markSent(orderId, kind, this.clock.instant()));
    }

    /** The address, if it is one an SMTP server takes; {@code null} for none, or one that no retry would make good. */
    private static @Nullable String usableAddress(@Nullable String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        try {
            InternetAddress address = new InternetAddress(email.strip(), true);
            String bare = address.getAddress();
            return bare != null && bare.length() <= 320 && bare.indexOf('@') > 0 ? bare : null;
        }
        catch (AddressException ex) {
            return null;
        }
    }

    /** Another delivery of the same email is sending it right now: this one tries again later, and finds it SENT. */
    static final class EmailBeingSent extends RuntimeException {

        EmailBeingSent(String orderId, EmailKind kind) {
            super("The " + kind + " email of order " + orderId + " is being sent by another delivery");
        }
    }
}
