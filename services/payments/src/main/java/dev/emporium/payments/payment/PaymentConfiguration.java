package dev.emporium.payments.payment;

import java.util.List;

import dev.emporium.platform.messaging.Subscription;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Orders' commands to payments: {@code payments.*} on {@code emporium.orders}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PaymentsProperties.class)
class PaymentConfiguration {

    @Bean
    Subscription paymentCommandsSubscription(PaymentCommands commands) {
        return new Subscription(PaymentCommands.QUEUE, List.of(new Subscription.Binding("orders", "payments.*")),
                commands::handle);
    }
}
