package dev.emporium.inventory.reservation;

import java.time.Clock;
import java.time.Instant;

import dev.emporium.inventory.stock.Stocks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives back the units of reservations nobody committed in time (an order whose payment never came). Each
 * reservation expires in a transaction of its own: its row is locked, skipping any another instance's sweeper holds
 * (or a commit or release is working on), its units go back and it is marked EXPIRED. A commit that comes later still
 * sells the units if they are there. Counted in {@code emporium.inventory.reservations.expired}.
 */
@Component
class ReservationSweeper {

    private static final Logger log = LoggerFactory.getLogger(ReservationSweeper.class);

    /** At most this many per sweep, so a backlog is worked off over a few sweeps rather than in one long one. */
    private static final int MAX_PER_SWEEP = 1_000;

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
        this.expired = Counter.builder("emporium.inventory.reservations.expired")
            .description("Reservations whose units went back because nobody committed them in time")
            .register(meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** @return how many reservations expired */
    int sweep() {
        Instant now = this.clock.instant();
        int swept = 0;
        while (swept < MAX_PER_SWEEP && Boolean.TRUE.equals(this.transaction.execute(status -> expireNext(now)))) {
            this.expired.increment();
            swept++;
        }
        if (swept > 0) {
            log.info("{} reservations expired; their units are available again", swept);
        }
        return swept;
    }

    private boolean expireNext(Instant now) {
        return this.reservations.lockNextExpired(now).map(order -> {
            this.reservations.lines(order).forEach(line -> this.stocks.giveBack(line.productId(), line.quantity(), now));
            this.reservations.changeStatus(order, ReservationStatus.EXPIRED, now);
            log.debug("Reservation of order {} expired", order);
            return true;
        }).orElse(false);
    }
}
