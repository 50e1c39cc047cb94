package dev.emporium.inventory.reservation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

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
 * a shortage takes nothing → {@code stock.rejected} naming the products.</li>
 * <li>{@code inventory.commit-stock}: the held units are sold → {@code stock.committed}; an expired reservation
 * takes its units again if they are still there, else → {@code stock.commit-failed}.</li>
 * <li>{@code inventory.release-stock}: the held units go back → {@code stock.released}.</li>
 * </ul>
 * The order id is the key: a command repeated with a new message id (orders re-drives a stalled order) changes
 * nothing and answers the recorded outcome again. A release that arrives before its reservation leaves a RELEASED
 * row, so the late reservation takes nothing. Lines take stock in product-id order, so two reservations that share
 * products lock their rows in the same order and cannot deadlock; a transaction that fails transiently (a lock
 * wait that gave up, a deadlock, a serialisation failure) runs again from the start, a few times.
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
            case "inventory.reserve-stock" -> once(envelope, () -> reserve(command),
                    shortage -> refuse("stock.rejected", command, shortage, ReservationStatus.REJECTED));
            case "inventory.commit-stock" -> once(envelope, () -> commit(command),
                    shortage -> refuse("stock.commit-failed", command, shortage, null));
            case "inventory.release-stock" -> once(envelope, () -> release(command), null);
            default -> throw new IllegalArgumentException("Inventory does not handle " + envelope.type());
        }
    }

    /**
     * Runs {@code effect} in one transaction with the message's inbox record (nothing if the message was handled
     * before); a {@link Shortage} rolls it back, and {@code onShortage} records the refusal in a second one, again
     * with the inbox record.
     */
    private void once(Envelope envelope, Runnable effect, @Nullable Consumer<Shortage> onShortage) {
        try {
            inTransaction(() -> {
                if (this.inbox.firstDelivery(this.jdbc, QUEUE, envelope, null)) {
                    effect.run();
                }
                return null;
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
                return null;
            });
        }
    }

    private void reserve(StockMessages.Command command) {
        Instant now = this.clock.instant();
        List<ReservationLine> lines = command.reservationLines();
        Instant expiresAt = now.plus(this.reservationTtl);
        if (!this.reservations.createIfAbsent(command.orderId(), ReservationStatus.RESERVED, now, expiresAt)) {
            answerAgain(command, this.reservations.lock(command.orderId()).orElseThrow());
            return;
        }
        take(lines, now);
        this.reservations.addLines(command.orderId(), lines);
        publish("stock.reserved", command, new StockMessages.Reserved(command.orderId(), command.userId(), expiresAt));
    }

    private void answerAgain(StockMessages.Command command, Reservation existing) {
        log.debug("Reservation of order {} is {}: answering again", command.orderId(), existing.status());
        switch (existing.status()) {
            case RESERVED, COMMITTED, EXPIRED -> publish("stock.reserved", command,
                    new StockMessages.Reserved(command.orderId(), command.userId(), existing.expiresAt()));
            case REJECTED -> publish("stock.rejected", command, new StockMessages.Refused(command.orderId(),
                    command.userId(), List.of(), "Some items are out of stock."));
            case RELEASED -> publish("stock.rejected", command, new StockMessages.Refused(command.orderId(),
                    command.userId(), List.of(), "The order was cancelled."));
        }
    }

    private void commit(StockMessages.Command command) {
        Instant now = this.clock.instant();
        Reservation reservation = this.reservations.lock(command.orderId()).orElse(null);
        if (reservation == null) {
            throw new Shortage(command.reservationLines().stream().map(ReservationLine::productId).toList());
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
            case REJECTED, RELEASED -> throw new Shortage(reservation.lines().stream().map(ReservationLine::productId).toList());
        }
        publish("stock.committed", command, new StockMessages.Settled(command.orderId(), command.userId()));
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
                case REJECTED, RELEASED -> log.debug("Reservation of order {} holds nothing", command.orderId());
                case COMMITTED -> {
                    // Orders releases only what it cancels before the commit: a sold order keeps its units.
                    log.error("Order {} asked to release a committed reservation; its units stay sold", command.orderId());
                    return;
                }
            }
        }
        publish("stock.released", command, new StockMessages.Settled(command.orderId(), command.userId()));
    }

    /** After a rolled-back attempt: records the refusal (a REJECTED reservation, when given) and answers it. */
    private void refuse(String type, StockMessages.Command command, Shortage shortage,
            @Nullable ReservationStatus record) {
        if (record != null && !this.reservations.createIfAbsent(command.orderId(), record, this.clock.instant(), null)) {
            // Another delivery decided meanwhile: answer what it recorded.
            answerAgain(command, this.reservations.lock(command.orderId()).orElseThrow());
            return;
        }
        publish(type, command, new StockMessages.Refused(command.orderId(), command.userId(), shortage.products(),
                shortage.reason()));
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

    void giveBack(List<ReservationLine> lines, Instant now) {
        lines.forEach(line -> this.stocks.giveBack(line.productId(), line.quantity(), now));
    }

    private void publish(String type, StockMessages.Command command, Object data) {
        this.outbox.append(this.jdbc, type, StockMessages.VERSION, command.orderId(), data, null);
    }

    private <T> T inTransaction(Supplier<T> work) {
        return this.retry.invoke(() -> this.transaction.execute(status -> work.get()));
    }
}
