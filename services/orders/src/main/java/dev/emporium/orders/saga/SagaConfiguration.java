package dev.emporium.orders.saga;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.emporium.orders.order.Orders;
import dev.emporium.platform.messaging.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

/**
 * The saga's queue, {@code orders.saga}: the answers of inventory ({@code stock.*}) and payments
 * ({@code payment.*}); and the re-drive of stalled orders. A message or its answer can be lost where the transport
 * keeps nothing (embedded mode's in-memory queues when the JVM stops), or parked after its retries: an order that
 * waits too long has its current request sent again (every participant answers a repeat with its recorded outcome),
 * and is given up after a few tries.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SagaProperties.class)
class SagaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SagaConfiguration.class);

    private static final int REDRIVE_BATCH = 100;

    @Bean
    Subscription orderSagaSubscription(OrderSaga saga) {
        return new Subscription(OrderSaga.QUEUE, List.of(new Subscription.Binding("inventory", "stock.*"),
                new Subscription.Binding("payments", "payment.*")), saga::handle);
    }

    @Bean(destroyMethod = "close")
    SimpleAsyncTaskScheduler stalledOrderScheduler(OrderSaga saga, Orders orders, SagaProperties properties,
            Clock clock) {
        SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
        scheduler.setVirtualThreads(true);
        scheduler.setThreadNamePrefix("stalled-orders-");
        scheduler.scheduleWithFixedDelay(() -> redriveStalled(saga, orders, properties, clock),
                Instant.now().plus(properties.redriveCheck()), properties.redriveCheck());
        return scheduler;
    }

    private static void redriveStalled(OrderSaga saga, Orders orders, SagaProperties properties, Clock clock) {
        try {
            Instant before = clock.instant().minus(properties.redriveAfter());
            for (Orders.StalledOrder stalled : orders.stalled(before, REDRIVE_BATCH)) {
                saga.redrive(stalled.id(), stalled.userId(), before, properties.maxRedrives());
            }
        }
        catch (RuntimeException ex) {
            log.warn("Looking for stalled orders failed: {}", ex.toString());
        }
    }
}
