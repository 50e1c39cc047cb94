package dev.emporium.notifications.email;

import java.time.Clock;

import dev.emporium.platform.messaging.Envelope;
import dev.emporium.platform.messaging.Inbox;
import dev.emporium.platform.messaging.MessageHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Emails the customer when their order is confirmed or cancelled, once per order and kind:
 * <ol>
 * <li>the email is recorded PENDING (or found recorded; a SENT one is done);</li>
 * <li>it is sent, outside any transaction; an SMTP failure throws, so the message is retried with backoff and then
 * parked, for an operator to replay once the server is back;</li>
 * <li>it is marked SENT in one transaction with the message's inbox record.</li>
 * </ol>
 * A crash between the server taking the email and step 3 sends it again on redelivery: SMTP has no idempotency key.
 * The copy carries the same Message-ID, so mail clients drop it.
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

    OrderEmails(SentEmails sentEmails, EmailTemplates templates, Mailbox mailbox, Inbox inbox, JdbcClient jdbc,
            TransactionTemplate transaction, JsonMapper json, Clock clock) {
        this.sentEmails = sentEmails;
        this.templates = templates;
        this.mailbox = mailbox;
        this.inbox = inbox;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.json = json;
        this.clock = clock;
    }

    void handle(MessageHandler.Delivery delivery) throws Exception {
        Envelope envelope = delivery.envelope();
        EmailKind kind = EmailKind.of(envelope.type());
        OrderEvent order = envelope.data(this.json, OrderEvent.class);
        EmailTemplates.Email email = this.templates.render(kind, order);
        String messageId = "<" + order.orderId() + "." + kind.name().toLowerCase(java.util.Locale.ROOT) + "@emporium.dev>";
        SentEmails.SentEmail recorded = this.transaction.execute(status -> this.sentEmails.claim(order.orderId(), kind,
                order.email(), email.subject(), messageId, this.clock.instant()));
        if (recorded == null || !recorded.status().equals("PENDING")) {
            log.debug("The {} email of order {} is {} already", kind, order.orderId(),
                    recorded == null ? "?" : recorded.status());
            return;
        }
        String status = "SENT";
        if (order.email() == null || order.email().isBlank()) {
            log.warn("Order {} names no email address: its {} email is skipped", order.orderId(), kind);
            status = "SKIPPED";
        }
        else {
            this.mailbox.send(order.email(), messageId, email);
        }
        String outcome = status;
        this.transaction.executeWithoutResult(tx -> {
            this.inbox.firstDelivery(this.jdbc, QUEUE, envelope, null);
            this.sentEmails.mark(order.orderId(), kind, outcome, this.clock.instant());
        });
    }
}
