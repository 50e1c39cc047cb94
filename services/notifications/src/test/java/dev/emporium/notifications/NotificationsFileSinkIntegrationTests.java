package dev.emporium.notifications;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import dev.emporium.platform.messaging.Envelope;
import dev.emporium.platform.messaging.MessageTransport;
import dev.emporium.testsupport.HttpTestClient;
import dev.emporium.testsupport.TestJwtIssuer;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Embedded mode's default: no SMTP server configured, so each email is written as an .eml file under the data
 * directory, rendered and recorded as over SMTP. The service runs on its default database too (an H2 file in the
 * data directory).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=notifications", "emporium.messaging.retry-backoff=100ms,200ms" })
@Import({ TestJwtIssuer.Configuration.class, OwnBroker.class })
@DirtiesContext
class NotificationsFileSinkIntegrationTests {

    static final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("emporium.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    MessageTransport transport;

    @Test
    void withoutAnSmtpServerEachEmailIsWrittenOnceAsAnEmlFile(@Autowired ObjectProvider<JavaMailSender> smtp)
            throws Exception {
        assertThat(smtp.getIfAvailable()).isNull();
        this.transport.declareExchange("emporium.orders");
        String order = UUID.randomUUID().toString();
        Envelope confirmed = NotificationsIntegrationTests.confirmed(order, "frank@example.test");

        publish(confirmed);
        publish(NotificationsIntegrationTests.confirmed(order, "frank@example.test"));

        Path mail = dataDir.resolve("notifications/mail");
        Path file = mail.resolve(order + ".confirmed@emporium.dev.eml");
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(file));
        MimeMessage email;
        try (InputStream in = Files.newInputStream(file)) {
            email = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        assertThat(email.getAllRecipients()[0].toString()).isEqualTo("frank@example.test");
        assertThat(email.getSubject()).isEqualTo("Your order " + order + " is confirmed");
        assertThat(email.getHeader("Message-ID")[0]).isEqualTo("<" + order + ".confirmed@emporium.dev>");
        assertThat((String) email.getContent()).contains("2 × Linen Shirt at $19.99: $39.98").contains("Total: $44.98");

        HttpTestClient http = HttpTestClient.forPort(this.port);
        String admin = TestJwtIssuer.bearer("admin-1", "customer", "admin");
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            JsonNode recorded = http.get("/api/admin/notifications?orderId=" + order, admin).expect(200).json();
            return recorded.size() == 1 && recorded.get(0).get("status").asString().equals("SENT");
        });
        try (Stream<Path> files = Files.list(mail)) {
            assertThat(files.map(path -> path.getFileName().toString()).toList())
                .containsExactly(order + ".confirmed@emporium.dev.eml");
        }
        assertThat(dataDir.resolve("notifications/notifications.mv.db")).exists();
    }

    private void publish(Envelope event) throws Exception {
        this.transport.publish(event.exchange(), event.type(), event.id(), event.toJson(json));
    }
}
