package dev.emporium.inventory.reservation;

import java.time.Instant;
import java.util.List;

import dev.emporium.platform.messaging.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

/** Orders' commands to inventory ({@code inventory.*} on {@code emporium.orders}), and the expiry sweep. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InventoryProperties.class)
class ReservationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ReservationConfiguration.class);

    @Bean
    Subscription stockCommandsSubscription(StockCommands commands) {
        return new Subscription(StockCommands.QUEUE, List.of(new Subscription.Binding("orders", "inventory.*")),
                commands::handle);
    }

    @Bean(destroyMethod = "close")
    SimpleAsyncTaskScheduler reservationSweepScheduler(ReservationSweeper sweeper, InventoryProperties properties) {
        SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
        scheduler.setVirtualThreads(true);
        scheduler.setThreadNamePrefix("reservation-sweep-");
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                sweeper.sweep();
            }
            catch (RuntimeException ex) {
                log.warn("Sweeping expired reservations failed: {}", ex.toString());
            }
        }, Instant.now().plus(properties.reservationSweep()), properties.reservationSweep());
        return scheduler;
    }
}
