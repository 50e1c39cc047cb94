package dev.emporium.notifications;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
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
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
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

/** Order emails over real SMTP (GreenMail on a free loopback port), on H2 and the in-process transport. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=notifications",
        "spring.datasource.url=jdbc:h2:mem:notifications;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "emporium.messaging.retry-backoff=100ms,200ms" })
@Import(TestJwtIssuer.Configuration.class)
class NotificationsIntegrationTests {

    static final JsonMapper json = JsonMapper.builder().build();

    static final String ADMIN = TestJwtIssuer.bearer("admin-1", "customer", "admin");

    static final int SMTP_PORT = freePort();

    static GreenMail smtp = startSmtp();

    @DynamicPropertySource
    static void smtpServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> SMTP_PORT);
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

        MimeMessage email = awaitEmails(to, 1).getFirst();
        assertThat(email.getSubject()).isEqualTo("Your Emporium order is confirmed");
        assertThat(email.getFrom()[0].toString()).isEqualTo("Emporium <orders@emporium.dev>");
        assertThat(email.getHeader("Message-ID")[0]).isEqualTo("<" + order + ".confirmed@emporium.dev>");
        String body = (String) email.getContent();
        assertThat(body).contains("Hello Ada Lovelace").contains(order).contains("2 × Linen Shirt").contains("$39.98")
            .contains("1 × Mug").contains("Total: $44.98");

        // The same message again, and the same event under a new message id: still one email.
        send(confirmed);
        send(confirmed(order, to));
        await().during(Duration.ofMillis(500)).until(() -> emailsTo(to).size() == 1);
        JsonNode recorded = this.http.get("/api/admin/notifications?orderId=" + order, ADMIN).expect(200).json();
        assertThat(recorded.size()).isEqualTo(1);
        assertThat(recorded.get(0).get("kind").asString()).isEqualTo("CONFIRMED");
        assertThat(recorded.get(0).get("status").asString()).isEqualTo("SENT");
        assertThat(recorded.get(0).get("recipient").asString()).isEqualTo(to);
    }

    @Test
    void aCancelledOrderIsEmailedWithTheReason() throws Exception {
        String order = UUID.randomUUID().toString();
        String to = "bob-" + order + "@example.test";

        send(event("order.cancelled", order, Map.of("orderId", order, "userId", "user-2", "email", to,
                "customerName", "Bob", "reason", "Your card was declined.", "cancelledAt", Instant.now().toString())));

        MimeMessage email = awaitEmails(to, 1).getFirst();
        assertThat(email.getSubject()).isEqualTo("Your Emporium order was cancelled");
        assertThat((String) email.getContent()).contains("Hello Bob").contains("Why: Your card was declined.");
    }

    @Test
    void anEmailTheServerDoesNotTakeIsRetriedParkedAndSentOnReplay() throws Exception {
        String order = UUID.randomUUID().toString();
        String to = "carol-" + order + "@example.test";
        smtp.stop();
        try {
            send(confirmed(order, to));

            JsonNode parked = await().until(() -> parked(order), message -> message != null);
            assertThat(parked.get("attempts").asInt()).isEqualTo(3);
            assertThat(parked.get("type").asString()).isEqualTo("order.confirmed");
            assertThat(parked.get("error").asString()).containsIgnoringCase("mail");
        }
        finally {
            smtp = startSmtp();
        }

        JsonNode replayed = this.http.post("/api/ops/messaging/notifications/parked/replay",
                Map.of("queue", "notifications.orders", "messageId", parked(order).get("messageId").asString()), ADMIN)
            .expect(200).json();

        assertThat(replayed.get("replayed").asInt()).isEqualTo(1);
        awaitEmails(to, 1);
        assertThat(parked(order)).isNull();
        this.http.post("/api/ops/messaging/notifications/parked/replay", Map.of("queue", "nobody.queue"), ADMIN)
            .assertProblem(404);
        this.http.get("/api/ops/messaging/notifications/parked", TestJwtIssuer.bearer("user-1")).assertProblem(403);
    }

    private JsonNode parked(String order) {
        for (JsonNode queue : this.http.get("/api/ops/messaging/notifications/parked", ADMIN).expect(200).json()) {
            for (JsonNode message : queue.get("messages")) {
                if (message.get("body").asString().contains(order)) {
                    return message;
                }
            }
        }
        return null;
    }

    private static Envelope confirmed(String order, String to) {
        return event("order.confirmed", order, Map.of("orderId", order, "userId", "user-1", "email", to,
                "customerName", "Ada Lovelace", "totalMinor", 4498, "currency", "USD", "confirmedAt",
                Instant.now().toString(), "lines", List.of(
                        Map.of("productId", "p1", "name", "Linen Shirt", "quantity", 2, "unitPriceMinor", 1999),
                        Map.of("productId", "p2", "name", "Mug", "quantity", 1, "unitPriceMinor", 500))));
    }

    private static Envelope event(String type, String order, Map<String, Object> data) {
        return new Envelope(UUID.randomUUID().toString(), type, 1, "orders", Instant.now(), order, null,
                json.valueToTree(data));
    }

    private void send(Envelope event) throws PublishFailed {
        this.transport.publish(event.exchange(), event.type(), event.id(), event.toJson(json));
    }

    private static List<MimeMessage> emailsTo(String to) {
        return Arrays.stream(smtp.getReceivedMessages())
            .filter(message -> {
                try {
                    return message.getAllRecipients()[0].toString().equals(to);
                }
                catch (jakarta.mail.MessagingException ex) {
                    throw new IllegalStateException(ex);
                }
            })
            .toList();
    }

    private static List<MimeMessage> awaitEmails(String to, int count) {
        await().atMost(Duration.ofSeconds(15)).until(() -> emailsTo(to).size() >= count);
        return emailsTo(to);
    }

    private static GreenMail startSmtp() {
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
