package dev.emporium.inventory.reservation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.emporium.inventory.stock.Stocks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives back the units of reservations nobody committed in time (an order whose payment never came): each sweep
 * locks a batch of expired reservations, skipping any another instance is sweeping, returns their units and marks
 * them EXPIRED, in one transaction. A commit that comes later still sells the units if they are there.
 */
@Component
class ReservationSweeper {

    private static final Logger log = LoggerFactory.getLogger(ReservationSweeper.class);

    private static final int BATCH = 100;

    private final Reservations reservations;

    private final Stocks stocks;

    private final TransactionTemplate transaction;

    private final Clock clock;

    private final Counter expired;

    ReservationSweeper(Reservations reservations, Stocks stocks, TransactionTemplate transaction, Clock clock,
            ObjectProvider<MeterRegistry> meters) {
        this.reservations = reservations;
        this.stocks = stocks;
        this.transaction = transaction;
        this.clock = clock;
        MeterRegistry registry = meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new);
        this.expired = Counter.builder("emporium.inventory.reservations.expired")
            .description("Reservations whose units went back because nobody committed them in time")
            .register(registry);
    }

    /** @return how many reservations expired */
    int sweep() {
        Integer count = this.transaction.execute(status -> {
            Instant now = this.clock.instant();
            List<String> orders = this.reservations.lockExpired(now, BATCH);
            for (String order : orders) {
                this.reservations.lines(order)
                    .forEach(line -> this.stocks.giveBack(line.productId(), line.quantity(), now));
                this.reservations.changeStatus(order, ReservationStatus.EXPIRED, now);
            }
            return orders.size();
        });
        int swept = count == null ? 0 : count;
        if (swept > 0) {
            this.expired.increment(swept);
            log.info("{} reservations expired; their units are available again", swept);
        }
        return swept;
    }
}
