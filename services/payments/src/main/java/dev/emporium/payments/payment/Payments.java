package dev.emporium.payments.payment;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import dev.emporium.platform.sharding.Buckets;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The payments table on the user's shard; every method runs in the caller's shard transaction. */
@Repository
class Payments {

    /** The payment's id, derived from the order's: one payment per order. */
    static String idOf(String orderId) {
        return UUID.nameUUIDFromBytes(("payment:" + orderId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** @return {@code false} if the order has a payment already (nothing written then) */
    boolean createPending(JdbcClient jdbc, String orderId, String userId, long amountMinor, String currency, Instant at) {
        return jdbc.sql("""
                insert into payments (id, order_id, user_id, status, amount_minor, currency, created_at, updated_at, bucket)
                values (:id, :orderId, :userId, 'PENDING', :amount, :currency, :at, :at, :bucket)
                on conflict do nothing
                """)
            .param("id", idOf(orderId))
            .param("orderId", orderId)
            .param("userId", userId)
            .param("amount", amountMinor)
            .param("currency", currency)
            .param("at", utc(at))
            .param("bucket", Buckets.of(userId))
            .update() == 1;
    }

    /** The order's payment, its row locked until the transaction ends. */
    Optional<Payment> lock(JdbcClient jdbc, String orderId, String userId) {
        return find(jdbc, orderId, userId, " for update");
    }

    Optional<Payment> find(JdbcClient jdbc, String orderId, String userId) {
        return find(jdbc, orderId, userId, "");
    }

    private Optional<Payment> find(JdbcClient jdbc, String orderId, String userId, String lock) {
        return jdbc.sql("select * from payments where order_id = :orderId and user_id = :userId" + lock)
            .param("orderId", orderId)
            .param("userId", userId)
            .query((row, rowNum) -> {
                PaymentStatus status = PaymentStatus.valueOf(row.getString("status"));
                return new Payment(row.getString("id"), row.getString("order_id"), row.getString("user_id"), status,
                        row.getLong("amount_minor"), row.getString("currency"), row.getString("provider_charge_id"),
                        status == PaymentStatus.REFUNDED, row.getString("reason"),
                        row.getObject("created_at", OffsetDateTime.class).toInstant(),
                        row.getObject("updated_at", OffsetDateTime.class).toInstant());
            })
            .optional();
    }

    void settle(JdbcClient jdbc, String orderId, PaymentStatus status, @Nullable String providerChargeId,
            @Nullable String reason, Instant at) {
        jdbc.sql("""
                update payments set status = :status, provider_charge_id = coalesce(:charge, provider_charge_id),
                                    reason = :reason, updated_at = :at
                where order_id = :orderId
                """)
            .param("status", status.name())
            .param("charge", providerChargeId)
            .param("reason", reason)
            .param("at", utc(at))
            .param("orderId", orderId)
            .update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
