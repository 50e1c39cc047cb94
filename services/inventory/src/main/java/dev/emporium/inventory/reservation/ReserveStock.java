package dev.emporium.inventory.reservation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.emporium.inventory.stock.Stocks;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reserves the stock of an order in one transaction, all or nothing. The order id makes it idempotent: the
 * reservation row is written first, so a repeat (even a concurrent one) finds it and gets the existing reservation
 * back without touching stock. Lines take stock in product-id order, so two reservations that share products lock
 * their rows in the same order and cannot deadlock.
 */
@Service
class ReserveStock {

    private final Reservations reservations;

    private final Stocks stocks;

    private final Clock clock;

    ReserveStock(Reservations reservations, Stocks stocks, Clock clock) {
        this.reservations = reservations;
        this.stocks = stocks;
        this.clock = clock;
    }

    /**
     * @throws NotEnoughStock if any line lacks stock (its transaction rolls back: nothing is reserved)
     */
    @Transactional
    Outcome reserve(String orderId, List<ReservationLine> lines) {
        Instant now = this.clock.instant();
        if (!this.reservations.createIfAbsent(orderId, ReservationStatus.RESERVED, now)) {
            Reservation existing = this.reservations.find(orderId)
                .orElseThrow(() -> new IllegalStateException("reservation " + orderId + " conflicted but is not there"));
            return new Outcome(existing, false);
        }
        List<ReservationLine> ordered = lines.stream().sorted(Comparator.comparing(ReservationLine::productId)).toList();
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
