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

/** The reservations and reservation_lines tables; every method runs in the caller's transaction. */
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

    void addLines(String orderId, List<ReservationLine> lines) {
        this.batch.batchUpdate("insert into reservation_lines (order_id, product_id, quantity) values (?, ?, ?)", lines,
                lines.size(), (statement, line) -> {
                    statement.setString(1, orderId);
                    statement.setString(2, line.productId());
                    statement.setInt(3, line.quantity());
                });
    }

    Optional<Reservation> find(String orderId) {
        return find(orderId, "");
    }

    /** The reservation, its row locked until the transaction ends. */
    Optional<Reservation> lock(String orderId) {
        return find(orderId, " for update");
    }

    private Optional<Reservation> find(String orderId, String lock) {
        List<ReservationLine> lines = lines(orderId);
        return this.jdbc.sql("select order_id, status, created_at, expires_at from reservations where order_id = :orderId" + lock)
            .param("orderId", orderId)
            .query((row, rowNum) -> reservation(row, lines))
            .optional();
    }

    void changeStatus(String orderId, ReservationStatus status, Instant at) {
        this.jdbc.sql("update reservations set status = :status, updated_at = :at where order_id = :orderId")
            .param("status", status.name())
            .param("at", utc(at))
            .param("orderId", orderId)
            .update();
    }

    /**
     * Held reservations past their expiry, locked; ones another instance's sweeper has locked are skipped, so two
     * sweepers never expire the same one.
     */
    List<String> lockExpired(Instant now, int limit) {
        return this.jdbc.sql("""
                select order_id from reservations where status = 'RESERVED' and expires_at < :now
                order by expires_at limit :limit for update skip locked
                """)
            .param("now", utc(now))
            .param("limit", limit)
            .query(String.class)
            .list();
    }

    List<ReservationLine> lines(String orderId) {
        return this.jdbc.sql("select product_id, quantity from reservation_lines where order_id = :orderId order by product_id")
            .param("orderId", orderId)
            .query((rs, row) -> new ReservationLine(rs.getString("product_id"), rs.getInt("quantity")))
            .list();
    }

    private static Reservation reservation(ResultSet row, List<ReservationLine> lines) throws SQLException {
        OffsetDateTime expiresAt = row.getObject("expires_at", OffsetDateTime.class);
        return new Reservation(row.getString("order_id"), ReservationStatus.valueOf(row.getString("status")), lines,
                row.getObject("created_at", OffsetDateTime.class).toInstant(),
                expiresAt == null ? null : expiresAt.toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
