package dev.emporium.orders.saga;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code emporium.orders.saga.*}: when a pending order counts as stalled.
 *
 * @param redriveAfter how long a pending order may go without an answer before its request is sent again (longer
 *        than a message's retries take: 1 s + 5 s + 30 s by default)
 * @param redriveCheck how often stalled orders are looked for
 * @param maxRedrives how often a request is sent again before the order is given up (cancelled, compensated)
 */
@ConfigurationProperties("emporium.orders.saga")
record SagaProperties(@DefaultValue("2m") Duration redriveAfter, @DefaultValue("30s") Duration redriveCheck,
        @DefaultValue("3") int maxRedrives) {
}
