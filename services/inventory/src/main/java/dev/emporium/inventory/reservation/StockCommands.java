package dev.emporium.inventory.reservation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.emporium.inventory.stock.Stocks;
import dev.emporium.platform.messaging.Envelope;
import dev.emporium.platform.messaging.Inbox;
import dev.emporium.platform.messaging.MessageHandler;
import dev.emporium.platform.messaging.Outbox;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Inventory's part of the order saga: orders' commands on the {@code inventory.commands} queue, each handled in one
 * transaction with its inbox record and the answer it publishes.
 * <ul>
 * <li>{@code inventory.reserve-stock}: all lines or none, held until the reservation expires → {@code stock.reserved};
 * a shortage takes nothing, is recorded (REJECTED) → {@code stock.rejected} naming the products.</li>
 * <li>{@code inventory.commit-stock}: the held units are sold → {@code stock.committed}; an expired reservation
 * takes its units again if they are still there, else it is FAILED → {@code stock.commit-failed}, as is a commit
 * with no reservation at all.</li>
 * <li>{@code inventory.release-stock}: the held units go back → {@code stock.released}, also when nothing was held
 * (expired, refused, never made). A committed reservation is not released and not answered: orders releases only
 * orders it cancels before the commit.</li>
 * </ul>
 * The order id is the key: a command repeated with a new message id (orders re-drives a stalled order) changes
 * nothing and answers the recorded outcome again, in the same words. A release that arrives before its reservation
 * leaves a RELEASED row, so the late reservation takes nothing and is rejected ("The order was cancelled."); a commit
 * that arrives first leaves a FAILED one, with the same effect. Lines take stock in product-id order, so two
 * reservations that share products lock their rows in the same order and cannot deadlock; a transaction that fails
 * transiently (a lock wait that gave up, a deadlock, a serialisation failure) runs again from the start, a few times.
 * A command that cannot be read (no lines to reserve, a quantity below one) is retried and then parked.
 */
@Service
class StockCommands {

    static final String QUEUE = "inventory.commands";

    private static final Logger log = LoggerFactory.getLogger(StockCommands.class);

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

    private final Inbox inbox;

    private final Outbox outbox;

    private final JdbcClient jdbc;

    private final TransactionTemplate transaction;

    private final JsonMapper json;

    private final Clock clock;

    private final Duration reservationTtl;

    private final RetryTemplate retry = new RetryTemplate(TRANSIENT_FAILURES);

    StockCommands(Reservations reservations, Stocks stocks, Inbox inbox, Outbox outbox, JdbcClient jdbc,
            TransactionTemplate transaction, JsonMapper json, Clock clock, InventoryProperties properties) {
        this.reservations = reservations;
        this.stocks = stocks;
        this.inbox = inbox;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.json = json;
        this.clock = clock;
        this.reservationTtl = properties.reservationTtl();
    }

    void handle(MessageHandler.Delivery delivery) {
        Envelope envelope = delivery.envelope();
        StockMessages.Command command = envelope.data(this.json, StockMessages.Command.class);
        switch (envelope.type()) {
            case "inventory.reserve-stock" -> {
                List<ReservationLine> lines = command.reservationLines();
                once(envelope, () -> reserve(command, lines), shortage -> refuseReservation(command, shortage.refusal()));
            }
            case "inventory.commit-stock" -> once(envelope, () -> commit(command),
                    shortage -> failCommit(command, shortage.refusal()));
            case "inventory.release-stock" -> once(envelope, () -> release(command), null);
            default -> throw new IllegalArgumentException("Inventory does not handle " + envelope.type());
        }
    }

    /**
     * Runs {@code effect} in one transaction with the message's inbox record (nothing if the message was handled
     * before); a {@link Shortage} rolls it back (the units it had taken go back), and {@code onShortage} records the
     * refusal in a second one, again with the inbox record.
     */
    private void once(Envelope envelope, Runnable effect, @Nullable Consumer<Shortage> onShortage) {
        try {
            inTransaction(() -> {
                if (this.inbox.firstDelivery(this.jdbc, QUEUE, envelope, null)) {
                    effect.run();
                }
            });
        }
        catch (Shortage shortage) {
            if (onShortage == null) {
                throw shortage;
            }
            inTransaction(() -> {
                if (this.inbox.firstDelivery(this.jdbc, QUEUE, envelope, null)) {
                    onShortage.accept(shortage);
                }
            });
        }
    }

    private void reserve(StockMessages.Command command, List<ReservationLine> lines) {
        // To the database's precision, so that the answer and a repeat of it (read back) say the same expiry.
        Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant expiresAt = now.plus(this.reservationTtl);
        if (!this.reservations.createIfAbsent(command.orderId(), ReservationStatus.RESERVED, now, expiresAt)) {
            answerReservationAgain(command, this.reservations.lock(command.orderId()).orElseThrow());
            return;
        }
        take(lines, now);
        this.reservations.addLines(command.orderId(), lines);
        publish("stock.reserved", command, new StockMessages.Reserved(command.orderId(), command.userId(), expiresAt));
    }

    /** After a rolled-back reservation: records it REJECTED with the products that lacked units, and answers so. */
    private void refuseReservation(StockMessages.Command command, Refusal refusal) {
        if (!this.reservations.createRefused(command.orderId(), ReservationStatus.REJECTED, refusal, this.clock.instant())) {
            // Another delivery for the order decided meanwhile: answer what it recorded.
            answerReservationAgain(command, this.reservations.lock(command.orderId()).orElseThrow());
            return;
        }
        publish("stock.rejected", command, StockMessages.Refused.of(command, refusal));
    }

    /** A reservation asked for again: the recorded outcome, stock untouched. */
    private void answerReservationAgain(StockMessages.Command command, Reservation existing) {
        log.debug("Reservation of order {} is {}: answering again", command.orderId(), existing.status());
        switch (existing.status()) {
            // Reserved once: what became of it since is the commit's or release's business.
            case RESERVED, COMMITTED, EXPIRED -> publish("stock.reserved", command,
                    new StockMessages.Reserved(command.orderId(), command.userId(), existing.expiresAt()));
            case REJECTED, FAILED -> publish("stock.rejected", command, StockMessages.Refused.of(command, recorded(existing)));
            // Released before it was made: the order was given up, so nothing is held for it.
            case RELEASED -> publish("stock.rejected", command, StockMessages.Refused.of(command, Refusal.cancelled()));
        }
    }

    private void commit(StockMessages.Command command) {
        Instant now = this.clock.instant();
        Reservation reservation = this.reservations.lock(command.orderId()).orElse(null);
        if (reservation == null) {
            Refusal refusal = Refusal.nothingReserved(command.products());
            if (this.reservations.createRefused(command.orderId(), ReservationStatus.FAILED, refusal, now)) {
                log.warn("Order {} asked to commit stock that was never reserved", command.orderId());
                publish("stock.commit-failed", command, StockMessages.Refused.of(command, refusal));
                return;
            }
            // A reservation was made meanwhile (the insert waited for it): commit that.
            reservation = this.reservations.lock(command.orderId()).orElseThrow();
        }
        switch (reservation.status()) {
            case RESERVED -> this.reservations.changeStatus(command.orderId(), ReservationStatus.COMMITTED, now);
            case COMMITTED -> log.debug("Reservation of order {} was committed before", command.orderId());
            case EXPIRED -> {
                // Too late, but the units may still be there: take them again for the sale.
                take(reservation.lines(), now);
                this.reservations.changeStatus(command.orderId(), ReservationStatus.COMMITTED, now);
                log.info("Expired reservation of order {} taken again and committed", command.orderId());
            }
            case REJECTED, FAILED -> {
                publish("stock.commit-failed", command, StockMessages.Refused.of(command, recorded(reservation)));
                return;
            }
            case RELEASED -> {
                publish("stock.commit-failed", command, StockMessages.Refused.of(command, Refusal.cancelled()));
                return;
            }
        }
        publish("stock.committed", command, StockMessages.Settled.of(command));
    }

    /**
     * After a rolled-back commit of an expired reservation whose units are gone: records it FAILED, so a repeat fails
     * the same way, and answers so.
     */
    private void failCommit(StockMessages.Command command, Refusal refusal) {
        Reservation reservation = this.reservations.lock(command.orderId()).orElseThrow();
        if (reservation.status() != ReservationStatus.EXPIRED) {
            // Another delivery for the order decided meanwhile; commit answers what it recorded without taking stock.
            commit(command);
            return;
        }
        this.reservations.refuse(command.orderId(), ReservationStatus.FAILED, refusal, this.clock.instant());
        publish("stock.commit-failed", command, StockMessages.Refused.of(command, refusal));
    }

    private void release(StockMessages.Command command) {
        Instant now = this.clock.instant();
        if (this.reservations.createIfAbsent(command.orderId(), ReservationStatus.RELEASED, now, null)) {
            log.info("Order {} released before anything was reserved: a late reservation will take nothing",
                    command.orderId());
        }
        else {
            Reservation reservation = this.reservations.lock(command.orderId()).orElseThrow();
            switch (reservation.status()) {
                case RESERVED -> {
                    giveBack(reservation.lines(), now);
                    this.reservations.changeStatus(command.orderId(), ReservationStatus.RELEASED, now);
                }
                case EXPIRED -> this.reservations.changeStatus(command.orderId(), ReservationStatus.RELEASED, now);
                case REJECTED, RELEASED, FAILED -> log.debug("Reservation of order {} holds nothing", command.orderId());
                case COMMITTED -> {
                    // Orders releases only what it cancels before the commit: a sold order keeps its units, and no
                    // answer is sent, as none is awaited (the message is done, not retried).
                    log.warn("Order {} asked to release a committed reservation; its units stay sold", command.orderId());
                    return;
                }
            }
        }
        publish("stock.released", command, StockMessages.Settled.of(command));
    }

    /** What a refused reservation was answered; rows refused before refusals were recorded have only a status. */
    private static Refusal recorded(Reservation reservation) {
        Refusal refusal = reservation.refusal();
        return refusal != null ? refusal : new Refusal(List.of(), "Some items are out of stock.");
    }

    private void take(List<ReservationLine> lines, Instant now) {
        List<String> lacking = new ArrayList<>();
        for (ReservationLine line : lines) {
            if (!this.stocks.take(line.productId(), line.quantity(), now)) {
                lacking.add(line.productId());
            }
        }
        if (!lacking.isEmpty()) {
            throw new Shortage(lacking);
        }
    }

    private void giveBack(List<ReservationLine> lines, Instant now) {
        lines.forEach(line -> this.stocks.giveBack(line.productId(), line.quantity(), now));
    }

    private void publish(String type, StockMessages.Command command, Object data) {
        this.outbox.append(this.jdbc, type, StockMessages.VERSION, command.orderId(), data, null);
    }

    /** Runs the work in a transaction, again from the start after a transient failure. */
    private void inTransaction(Runnable work) {
        this.retry.invoke(() -> this.transaction.execute(status -> {
            work.run();
            return Boolean.TRUE;
        }));
    }
}
