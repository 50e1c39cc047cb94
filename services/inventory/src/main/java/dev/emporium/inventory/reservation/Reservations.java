package dev.emporium.inventory.reservation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The reservations and reservation_lines tables. */
@Repository
class Reservations {

    private final JdbcClient jdbc;

    private final JdbcTemplate batch;

    Reservations(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /**
     * Inserts the reservation's row unless one exists for the order. {@code ON CONFLICT DO NOTHING} (rather than
     * catching a duplicate-key error) keeps a PostgreSQL transaction usable afterwards, and a concurrent insert of
     * the same order id waits for the other transaction's outcome instead of failing.
     *
     * @return {@code true} if this call created it
     */
    boolean createIfAbsent(String orderId, ReservationStatus status, Instant at) {
        return this.jdbc.sql("""
                insert into reservations (order_id, status, created_at) values (:orderId, :status, :at)
                on conflict do nothing
                """)
            .param("orderId", orderId)
            .param("status", status.name())
            .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
            .update() == 1;
    }

    void addLines(String orderId, List<ReservationLine> lines) {
        this.batch.batchUpdate("insert into reservation_lines (order_id, product_id, quantity) values (?, ?, ?)", lines,
                lines.size(), (statement, line) -> {
                    statement.setString(1, orderId);
                    statement.setString(2, line.productId());
                    statement.setInt(3, line.quantity());
                });
    }

    Optional<Reservation> find(String orderId) {
        return this.jdbc.sql("select status from reservations where order_id = :orderId")
            .param("orderId", orderId)
            .query(String.class)
            .optional()
            .map(status -> new Reservation(orderId, ReservationStatus.valueOf(status), lines(orderId)));
    }

    private List<ReservationLine> lines(String orderId) {
        return this.jdbc.sql("select product_id, quantity from reservation_lines where order_id = :orderId order by product_id")
            .param("orderId", orderId)
            .query((rs, row) -> new ReservationLine(rs.getString("product_id"), rs.getInt("quantity")))
            .list();
    }
}
