package dev.emporium.catalog.product;

import java.util.List;

import dev.emporium.platform.messaging.Subscription;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The catalog's caches' settings, and, with Redis (where the ranking lives), orders' {@code order.confirmed} on
 * {@code catalog.sales} for {@link SalesRanking}. {@code catalog.yml} switches messaging on exactly when Redis is.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CatalogCacheProperties.class)
class SalesConfiguration {

    @Bean
    @ConditionalOnBooleanProperty("emporium.cache.redis.enabled")
    Subscription salesSubscription(SalesRanking ranking) {
        return new Subscription(SalesRanking.QUEUE, List.of(new Subscription.Binding("orders", "order.confirmed")),
                ranking::handle);
    }
}
