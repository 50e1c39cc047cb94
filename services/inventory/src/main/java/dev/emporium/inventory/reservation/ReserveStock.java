package dev.emporium.inventory.reservation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.emporium.inventory.stock.Stocks;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reserves the stock of an order in one transaction, all or nothing. The order id makes it idempotent: the
 * reservation row is written first, so a repeat finds it and gets the existing reservation back without touching
 * stock. Lines take stock in product-id order, so two reservations that share products lock their rows in the same
 * order and cannot deadlock.
 * <p>
 * A transaction that fails transiently (a lock wait that gave up, a deadlock or serialisation failure, a timeout) is
 * rolled back and run again from the start, a few times. H2 needs this for a concurrent repeat of one order id: its
 * {@code ON CONFLICT DO NOTHING} reports the other transaction's uncommitted row as a concurrent update instead of
 * waiting for it as PostgreSQL does. After a timed-out commit whose outcome is unknown, the retry finds the
 * reservation if the commit went through, so it still reserves once.
 */
@Service
class ReserveStock {

    private static final RetryPolicy TRANSIENT_FAILURES = RetryPolicy.builder()
        .includes(TransientDataAccessException.class)
        .maxRetries(4)
        .delay(Duration.ofMillis(10))
        .jitter(Duration.ofMillis(10))
        .multiplier(2)
        .maxDelay(Duration.ofMillis(200))
        .build();

    private final Reservations reservations;

    private final Stocks stocks;

    private final TransactionTemplate transaction;

    private final RetryTemplate retry = new RetryTemplate(TRANSIENT_FAILURES);

    private final Clock clock;

    ReserveStock(Reservations reservations, Stocks stocks, TransactionTemplate transaction, Clock clock) {
        this.reservations = reservations;
        this.stocks = stocks;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * @throws NotEnoughStock if any line lacks stock (its transaction rolled back: nothing is reserved)
     */
    Outcome reserve(String orderId, List<ReservationLine> lines) {
        List<ReservationLine> ordered = lines.stream().sorted(Comparator.comparing(ReservationLine::productId)).toList();
        return this.retry.invoke(() -> this.transaction.execute(status -> reserveOnce(orderId, ordered)));
    }

    private Outcome reserveOnce(String orderId, List<ReservationLine> ordered) {
        Instant now = this.clock.instant();
        if (!this.reservations.createIfAbsent(orderId, ReservationStatus.RESERVED, now)) {
            Reservation existing = this.reservations.find(orderId)
                .orElseThrow(() -> new IllegalStateException("reservation " + orderId + " conflicted but is not there"));
            return new Outcome(existing, false);
        }
        List<String> lacking = new ArrayList<>();
        for (ReservationLine line : ordered) {
            if (!this.stocks.take(line.productId(), line.quantity(), now)) {
                lacking.add(line.productId());
            }
        }
        if (!lacking.isEmpty()) {
            throw new NotEnoughStock(lacking);
        }
        this.reservations.addLines(orderId, ordered);
        return new Outcome(new Reservation(orderId, ReservationStatus.RESERVED, ordered), true);
    }

    /** The reservation, and whether this call made it ({@code false}: it existed already). */
    record Outcome(Reservation reservation, boolean created) {
    }
}
