package dev.emporium.payments.payment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code emporium.payments.*}.
 *
 * @param provider where the payment provider is, and how long to wait for it
 */
@ConfigurationProperties("emporium.payments")
record PaymentsProperties(@DefaultValue Provider provider) {

    record Provider(@DefaultValue("http://localhost:8090") String url, @DefaultValue("1s") Duration connectTimeout,
            @DefaultValue("5s") Duration readTimeout) {
    }
}
