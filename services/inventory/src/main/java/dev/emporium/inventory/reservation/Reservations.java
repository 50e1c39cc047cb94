package dev.emporium.inventory.reservation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The reservations, reservation_lines and reservation_shortages tables; every method runs in the caller's
 * transaction.
 */
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
    boolean createIfAbsent(String orderId, ReservationStatus status, Instant at, @Nullable Instant expiresAt) {
        return this.jdbc.sql("""
                insert into reservations (order_id, status, created_at, updated_at, expires_at)
                values (:orderId, :status, :at, :at, :expiresAt)
                on conflict do nothing
                """)
            .param("orderId", orderId)
            .param("status", status.name())
            .param("at", utc(at))
            .param("expiresAt", expiresAt == null ? null : utc(expiresAt))
            .update() == 1;
    }

    /**
     * Inserts a refused reservation (REJECTED, or FAILED for a commit that found none) with its refusal, unless one
     * exists for the order.
     *
     * @return {@code true} if this call created it
     */
    boolean createRefused(String orderId, ReservationStatus status, Refusal refusal, Instant at) {
        if (!createIfAbsent(orderId, status, at, null)) {
            return false;
        }
        recordRefusal(orderId, refusal);
        return true;
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
        return this.jdbc.sql("select order_id, status, created_at, expires_at, reason from reservations where order_id = :orderId")
            .param("orderId", orderId)
            .query((row, rowNum) -> row(row))
            .optional()
            .map(this::reservation);
    }

    /** The reservation, its row locked until the transaction ends. */
    Optional<Reservation> lock(String orderId) {
        return this.jdbc.sql("""
                select order_id, status, created_at, expires_at, reason from reservations where order_id = :orderId
                for update
                """)
            .param("orderId", orderId)
            .query((row, rowNum) -> row(row))
            .optional()
            .map(this::reservation);
    }

    void changeStatus(String orderId, ReservationStatus status, Instant at) {
        this.jdbc.sql("update reservations set status = :status, updated_at = :at where order_id = :orderId")
            .param("status", status.name())
            .param("at", utc(at))
            .param("orderId", orderId)
            .update();
    }

    /** Marks an existing reservation refused (a failed commit), with what it was answered. */
    void refuse(String orderId, ReservationStatus status, Refusal refusal, Instant at) {
        changeStatus(orderId, status, at);
        recordRefusal(orderId, refusal);
    }

    /**
     * The next held reservation past its expiry, locked; one another instance's sweeper has locked is skipped, so two
     * sweepers never expire the same one.
     */
    Optional<String> lockNextExpired(Instant now) {
        return this.jdbc.sql("""
                select order_id from reservations where status = 'RESERVED' and expires_at < :now
                order by expires_at limit 1 for update skip locked
                """)
            .param("now", utc(now))
            .query(String.class)
            .optional();
    }

    List<ReservationLine> lines(String orderId) {
        return this.jdbc.sql("select product_id, quantity from reservation_lines where order_id = :orderId order by product_id")
            .param("orderId", orderId)
            .query((rs, row) -> new ReservationLine(rs.getString("product_id"), rs.getInt("quantity")))
            .list();
    }

    private void recordRefusal(String orderId, Refusal refusal) {
        this.jdbc.sql("update reservations set reason = :reason where order_id = :orderId")
            .param("reason", refusal.reason())
            .param("orderId", orderId)
            .update();
        if (refusal.products().isEmpty()) {
            return;
        }
        this.batch.batchUpdate("insert into reservation_shortages (order_id, product_id) values (?, ?) on conflict do nothing",
                refusal.products(), refusal.products().size(), (statement, product) -> {
                    statement.setString(1, orderId);
                    statement.setString(2, product);
                });
    }

    private List<String> shortages(String orderId) {
        return this.jdbc.sql("select product_id from reservation_shortages where order_id = :orderId order by product_id")
            .param("orderId", orderId)
            .query(String.class)
            .list();
    }

    /** The lines and shortages are read after the row, so no statement runs while another's results are open. */
    private Reservation reservation(Row row) {
        return new Reservation(row.orderId(), row.status(), lines(row.orderId()), row.createdAt(), row.expiresAt(),
                row.reason() == null ? null : new Refusal(shortages(row.orderId()), row.reason()));
    }

    private static Row row(ResultSet row) throws SQLException {
        OffsetDateTime expiresAt = row.getObject("expires_at", OffsetDateTime.class);
        return new Row(row.getString("order_id"), ReservationStatus.valueOf(row.getString("status")),
                row.getObject("created_at", OffsetDateTime.class).toInstant(),
                expiresAt == null ? null : expiresAt.toInstant(), row.getString("reason"));
    }

    private record Row(String orderId, ReservationStatus status, Instant createdAt, @Nullable Instant expiresAt,
            @Nullable String reason) {
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
