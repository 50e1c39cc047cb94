package dev.emporium.platform.messaging.rabbit;

import dev.emporium.platform.messaging.MessageTransport;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The RabbitMQ transport for a service that takes part in messaging ({@code emporium.messaging.enabled}) with
 * {@code emporium.messaging.transport=rabbit}; its own connection factory, closed with the context.
 */
@AutoConfiguration(beforeName = "dev.emporium.platform.messaging.MessagingAutoConfiguration")
@ConditionalOnBooleanProperty("emporium.messaging.enabled")
@ConditionalOnProperty(name = "emporium.messaging.transport", havingValue = "rabbit")
@EnableConfigurationProperties(RabbitMessagingProperties.class)
class RabbitMessagingAutoConfiguration {

    @Bean(destroyMethod = "close")
    MessageTransport rabbitTransport(RabbitMessagingProperties properties,
            @Value("${spring.application.name}") String service) {
        return new RabbitTransport(RabbitTransport.connectionFactory(properties, service), properties);
    }
}
