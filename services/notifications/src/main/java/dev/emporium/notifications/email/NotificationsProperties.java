package dev.emporium.notifications.email;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code emporium.notifications.*}.
 *
 * @param from the sender of every email
 * @param mailDir where emails are written as .eml files when no SMTP server is configured ({@code spring.mail.host})
 * @param sendLease how long a delivery that is sending an email keeps other deliveries of the same email (a repeat of
 *        the event) from sending it too: longer than a send takes (the SMTP timeouts are 5 s a step), shorter than the
 *        retries' backoff in total, so that the redelivery of a message whose sender crashed still sends it before
 *        it is parked
 */
@ConfigurationProperties("emporium.notifications")
record NotificationsProperties(@DefaultValue("Emporium <orders@emporium.dev>") String from, Path mailDir,
        @DefaultValue("30s") Duration sendLease) {
}
