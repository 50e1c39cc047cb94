package dev.emporium.notifications.email;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code emporium.notifications.*}.
 *
 * @param from the sender of every email
 * @param mailDir where emails are written as .eml files when no SMTP server is configured ({@code spring.mail.host})
 */
@ConfigurationProperties("emporium.notifications")
record NotificationsProperties(String from, Path mailDir) {
}
