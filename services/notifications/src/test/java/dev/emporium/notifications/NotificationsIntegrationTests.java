package dev.emporium.notifications;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.emporium.platform.messaging.Envelope;
import dev.emporium.platform.messaging.MessageTransport;
import dev.emporium.platform.messaging.PublishFailed;
import dev.emporium.testsupport.HttpTestClient;
import dev.emporium.testsupport.TestJwtIssuer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Order emails over real SMTP (GreenMail on a free loopback port) from events published on the in-process transport
 * as orders publishes them. Each test uses its own order and recipient, so the tests do not depend on each other's
 * order. Each subclass names the database: the same tests run on H2 ({@link NotificationsH2IntegrationTests}) and on
 * PostgreSQL ({@link NotificationsPostgresIntegrationTests}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=notifications",
        "spring.mail.host=127.0.0.1",
        "emporium.messaging.retry-backoff=100ms,200ms",
        // More consumers than repeats in the concurrency test: they all race for the same email.
        "emporium.messaging.concurrency=8" })
@Import({ TestJwtIssuer.Configuration.class, OwnBroker.class })
abstract class NotificationsIntegrationTests {

    static final JsonMapper json = JsonMapper.builder().build();

    static final String ADMIN = TestJwtIssuer.bearer("admin-1", "customer", "admin");

    static final int SMTP_PORT = freePort();

    static GreenMail smtp;

    @DynamicPropertySource
    static void smtpServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    @BeforeAll
    static void startSmtp() {
        smtp = smtpServer();
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    MessageTransport transport;

    HttpTestClient http;

    @BeforeEach
    void client() {
        this.http = HttpTestClient.forPort(this.port);
        this.transport.declareExchange("emporium.orders");
    }

    @Test
    void aConfirmedOrderIsEmailedOnceWithItsLinesAndTotal() throws Exception {
        String order = UUID.randomUUID().toString();
        String to = "ada-" + order + "@example.test";
        Envelope confirmed = confirmed(order, to);

        send(confirmed);

        MimeMessage email = awaitEmails(to).getFirst();
        assertThat(email.getSubject()).isEqualTo("Your order " + order + " is confirmed");
        assertThat(email.getFrom()[0].toString()).isEqualTo("Emporium <orders@emporium.dev>");
        assertThat(email.getHeader("Message-ID")[0]).isEqualTo("<" + order + ".confirmed@emporium.dev>");
        assertThat((String) email.getContent()).contains("Hello Ada Lovelace")
            .contains(order)
            .contains("2 × Linen Shirt at $19.99: $39.98")
            .contains("1 × Mug at $5.00: $5.00")
            .contains("Total: $44.98");

        // The same message again, and the same event under a new message id (orders re-drove it): still one email.
        send(confirmed);
        send(confirmed(order, to));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> emailsTo(to).size() == 1);
        JsonNode recorded = notifications(order);
        assertThat(recorded.size()).isEqualTo(1);
        assertThat(recorded.get(0).get("orderId").asString()).isEqualTo(order);
        assertThat(recorded.get(0).get("kind").asString()).isEqualTo("CONFIRMED");
        assertThat(recorded.get(0).get("status").asString()).isEqualTo("SENT");
        assertThat(recorded.get(0).get("recipient").asString()).isEqualTo(to);
        assertThat(recorded.get(0).get("subject").asString()).isEqualTo("Your order " + order + " is confirmed");
        assertThat(recorded.get(0).get("messageId").asString()).isEqualTo("<" + order + ".confirmed@emporium.dev>");
        assertThat(Instant.parse(recorded.get(0).get("sentAt").asString())).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void aCancelledOrderIsEmailedWithTheReason() throws Exception {
        String order = UUID.randomUUID().toString();
        String to = "bob-" + order + "@example.test";

        send(cancelled(order, to, "Your card was declined."));

        MimeMessage email = awaitEmails(to).getFirst();
        assertThat(email.getSubject()).isEqualTo("Your order " + order + " was cancelled");
        assertThat(email.getHeader("Message-ID")[0]).isEqualTo("<" + order + ".cancelled@emporium.dev>");
        assertThat((String) email.getContent()).contains("Hello Bob").contains("Why: Your card was declined.");
        // Each kind once: the confirmation of the same order is an email of its own.
        send(confirmed(order, to));
        await().atMost(Duration.ofSeconds(15)).until(() -> emailsTo(to).size() == 2);
        assertThat(notifications(order).valueStream().map(email1 -> email1.get("kind").asString()))
            .containsExactlyInAnyOrder("CANCELLED", "CONFIRMED");
    }

    @Test
    void repeatsOfAnEventHandledAtTheSameMomentSendOneEmail() throws Exception {
        String order = UUID.randomUUID().toString();
        String to = "dora-" + order + "@example.test";

        // Six messages about the same email at once, on eight consumers: one sends, the others wait and find it sent.
        for (int i = 0; i < 6; i++) {
            send(confirmed(order, to));
        }

        awaitEmails(to);
        await().atMost(Duration.ofSeconds(5))
            .until(() -> notifications(order).get(0).get("status").asString().equals("SENT"));
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() -> emailsTo(to).size() == 1);
        assertThat(parked(order)).isNull();
    }

    @Test
    void anEmailTheServerDoesNotTakeIsRetriedParkedAndSentOnReplay() throws Exception {
        String order = UUID.randomUUID().toString();
        String to = "carol-" + order + "@example.test";
        JsonNode parked;
        smtp.stop();
        try {
            send(confirmed(order, to));

            parked = await().atMost(Duration.ofSeconds(15)).until(() -> parked(order), message -> message != null);
            assertThat(parked.get("attempts").asInt()).isEqualTo(3);
            assertThat(parked.get("type").asString()).isEqualTo("order.confirmed");
            assertThat(parked.get("error").asString()).containsIgnoringCase("mail");
            assertThat(notifications(order).get(0).get("status").asString()).isEqualTo("PENDING");
            assertThat(notifications(order).get(0).has("sentAt")).isFalse();
        }
        finally {
            smtp = smtpServer();
        }

        JsonNode replayed = this.http.post("/api/ops/messaging/notifications/parked/replay",
                Map.of("queue", "notifications.orders", "messageId", parked.get("messageId").asString()), ADMIN)
            .expect(200)
            .json();

        assertThat(replayed.get("replayed").asInt()).isEqualTo(1);
        awaitEmails(to);
        await().atMost(Duration.ofSeconds(5))
            .until(() -> notifications(order).get(0).get("status").asString().equals("SENT"));
        assertThat(parked(order)).isNull();
        // The event once more (orders re-drove the order): the email that was sent is not sent again.
        send(confirmed(order, to));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> emailsTo(to).size() == 1);
    }

    @Test
    void anOrderWithoutAUsableAddressIsRecordedAsSkipped() throws Exception {
        String withoutAddress = UUID.randomUUID().toString();
        String withBadAddress = UUID.randomUUID().toString();
        Map<String, Object> data = new HashMap<>(Map.of("orderId", withoutAddress, "userId", "user-3", "reason",
                "Out of stock", "cancelledAt", Instant.now().toString()));
        data.put("email", null);

        send(event("order.cancelled", withoutAddress, data));
        send(cancelled(withBadAddress, "not an address", "Out of stock"));

        await().atMost(Duration.ofSeconds(15)).until(() -> notifications(withoutAddress).size() == 1
                && notifications(withBadAddress).size() == 1);
        assertThat(notifications(withoutAddress).get(0).get("status").asString()).isEqualTo("SKIPPED");
        assertThat(notifications(withoutAddress).get(0).has("recipient")).isFalse();
        assertThat(notifications(withBadAddress).get(0).get("status").asString()).isEqualTo("SKIPPED");
        assertThat(notifications(withBadAddress).get(0).get("recipient").asString()).isEqualTo("not an address");
        assertThat(parked(withoutAddress)).isNull();
        assertThat(parked(withBadAddress)).isNull();
    }

    @Test
    void anEventThatMakesNoEmailIsParkedAndRecordsNothing() throws Exception {
        String order = UUID.randomUUID().toString();
        String to = "erin-" + order + "@example.test";
        Map<String, Object> noLines = new HashMap<>(Map.of("orderId", order, "userId", "user-4", "email", to,
                "totalMinor", 4498, "currency", "USD"));
        Map<String, Object> badCurrency = new HashMap<>(noLines);
        badCurrency.put("currency", "DOLLARS");
        badCurrency.put("lines", List.of(Map.of("productId", "p1", "name", "Mug", "quantity", 1, "unitPriceMinor", 500)));

        send(event("order.confirmed", order, noLines));
        send(event("order.confirmed", order, badCurrency));

        await().atMost(Duration.ofSeconds(15)).until(() -> parkedAll(order).size() == 2);
        assertThat(parkedAll(order)).extracting(message -> message.get("error").asString())
            .anySatisfy(error -> assertThat(error).contains("without its total, currency or lines"))
            .anySatisfy(error -> assertThat(error).contains("no currency DOLLARS"));
        assertThat(notifications(order).size()).isZero();
        assertThat(emailsTo(to)).isEmpty();
    }

    @Test
    void theAdminViewIsForAdminsAndNamesAnOrder() {
        this.http.get("/api/admin/notifications", ADMIN).assertProblem(400);
        this.http.get("/api/admin/notifications?orderId=x", TestJwtIssuer.bearer("user-1")).assertProblem(403);
        this.http.get("/api/admin/notifications?orderId=x", null).assertProblem(401);
        assertThat(notifications(UUID.randomUUID().toString()).size()).isZero();
    }

    private JsonNode notifications(String order) {
        return this.http.get("/api/admin/notifications?orderId=" + order, ADMIN).expect(200).json();
    }

    private @Nullable JsonNode parked(String order) {
        List<JsonNode> parked = parkedAll(order);
        return parked.isEmpty() ? null : parked.getFirst();
    }

    private List<JsonNode> parkedAll(String order) {
        return this.http.get("/api/ops/messaging/notifications/parked", ADMIN)
            .expect(200)
            .json()
            .valueStream()
            .flatMap(queue -> queue.get("messages").valueStream())
            .filter(message -> message.get("body").asString().contains(order))
            .toList();
    }

    static Envelope confirmed(String order, String to) {
        return event("order.confirmed", order, Map.of("orderId", order, "userId", "user-1", "email", to,
                "customerName", "Ada Lovelace", "totalMinor", 4498, "currency", "USD", "confirmedAt",
                Instant.now().toString(), "lines",
                List.of(Map.of("productId", "p1", "name", "Linen Shirt", "quantity", 2, "unitPriceMinor", 1999),
                        Map.of("productId", "p2", "name", "Mug", "quantity", 1, "unitPriceMinor", 500))));
    }

    static Envelope cancelled(String order, String to, String reason) {
        return event("order.cancelled", order, Map.of("orderId", order, "userId", "user-2", "email", to,
                "customerName", "Bob", "reason", reason, "cancelledAt", Instant.now().toString()));
    }

    static Envelope event(String type, String order, Map<String, @Nullable Object> data) {
        return new Envelope(UUID.randomUUID().toString(), type, 1, "orders", Instant.now(), order, null,
                json.valueToTree(data));
    }

    void send(Envelope event) throws PublishFailed {
        this.transport.publish(event.exchange(), event.type(), event.id(), event.toJson(json));
    }

    private static List<MimeMessage> emailsTo(String to) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(message -> {
            try {
                return message.getAllRecipients()[0].toString().equals(to);
            }
            catch (MessagingException ex) {
                throw new IllegalStateException(ex);
            }
        }).toList();
    }

    private static List<MimeMessage> awaitEmails(String to) {
        await().atMost(Duration.ofSeconds(15)).until(() -> !emailsTo(to).isEmpty());
        return emailsTo(to);
    }

    private static GreenMail smtpServer() {
        GreenMail server = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
