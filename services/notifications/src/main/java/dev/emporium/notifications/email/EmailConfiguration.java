package dev.emporium.notifications.email;

import java.util.List;

import dev.emporium.platform.messaging.Subscription;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Orders' {@code order.confirmed} and {@code order.cancelled} come to {@code notifications.orders}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationsProperties.class)
class EmailConfiguration {

    @Bean
    Subscription orderEmailsSubscription(OrderEmails emails) {
        return new Subscription(OrderEmails.QUEUE, List.of(new Subscription.Binding("orders", "order.confirmed"),
                new Subscription.Binding("orders", "order.cancelled")), emails::handle);
    }
}
