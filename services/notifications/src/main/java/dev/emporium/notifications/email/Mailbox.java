package dev.emporium.notifications.email;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * The last hop of an email: the SMTP server when one is configured ({@code spring.mail.host}, Boot's
 * {@link JavaMailSender}), else an .eml file in the mail directory, which any mail client opens (embedded mode). The
 * message is built the same way for both, with a Message-ID derived from the order and kind, so a copy sent twice is
 * recognisable as one.
 */
@Component
class Mailbox {

    private static final Logger log = LoggerFactory.getLogger(Mailbox.class);

    private final @Nullable JavaMailSender smtp;

    private final NotificationsProperties properties;

    Mailbox(ObjectProvider<JavaMailSender> smtp, NotificationsProperties properties) {
        this.smtp = smtp.getIfAvailable();
        this.properties = properties;
    }

    /** @throws MessagingException if the SMTP server did not take it (it is retried) */
    void send(String to, String messageId, EmailTemplates.Email email) throws MessagingException, IOException {
        MimeMessage message = this.smtp != null ? this.smtp.createMimeMessage()
                : new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(this.properties.from()));
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to));
        message.setSubject(email.subject(), "UTF-8");
        message.setText(email.body(), "UTF-8");
        message.saveChanges();
        // After saveChanges, which would replace it with a random one.
        message.setHeader("Message-ID", messageId);
        if (this.smtp != null) {
            this.smtp.send(message);
            return;
        }
        Path directory = this.properties.mailDir();
        Files.createDirectories(directory);
        Path file = directory.resolve(messageId.replaceAll("[^A-Za-z0-9.@-]", "") + ".eml");
        try (OutputStream out = Files.newOutputStream(file)) {
            message.writeTo(out);
        }
        log.info("No SMTP server configured: email to {} written to {}", to, file);
    }
}
