package dev.emporium.notifications.email;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.javamail.JavaMailSender;

import static org.assertj.core.api.Assertions.assertThat;

/** Without an SMTP server, an email is the same message, written as an .eml file. */
class MailboxTests {

    @Test
    void withoutAnSmtpServerAnEmailIsWrittenAsAFile(@TempDir Path directory) throws Exception {
        Mailbox mailbox = new Mailbox(new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class),
                new NotificationsProperties("Emporium <orders@emporium.dev>", directory.resolve("mail"),
                        Duration.ofSeconds(30)));

        mailbox.send("dan@example.test", "<order-1.confirmed@emporium.dev>",
                new EmailTemplates.Email("Your Emporium order is confirmed", "Hello Dan"));

        try (Stream<Path> written = Files.list(directory.resolve("mail"))) {
            List<Path> files = written.toList();
            assertThat(files).hasSize(1);
            assertThat(files.getFirst().getFileName()).hasToString("order-1.confirmed@emporium.dev.eml");
            assertThat(Files.readString(files.getFirst())).contains("To: dan@example.test")
                .contains("Subject: Your Emporium order is confirmed")
                .contains("Message-ID: <order-1.confirmed@emporium.dev>")
                .contains("Hello Dan");
        }
    }
}
