package dev.emporium.provider.charge;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The charges and refunds tables. */
@Repository
class Charges {

    private final JdbcClient jdbc;

    Charges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The answer given to the charge request made under the key, if any. */
    Optional<StoredAnswer> chargeAnswer(String idempotencyKey) {
        return this.jdbc.sql("select request, http_status, response from charges where idempotency_key = :key")
            .param("key", idempotencyKey)
            .query((row, rowNum) -> new StoredAnswer(row.getString("request"), row.getInt("http_status"),
                    row.getString("response")))
            .optional();
    }

    /** The answer given to the refund request made under the key, if any. */
    Optional<StoredAnswer> refundAnswer(String idempotencyKey) {
        return this.jdbc.sql("select charge_id, response from refunds where idempotency_key = :key")
            .param("key", idempotencyKey)
            .query((row, rowNum) -> new StoredAnswer(row.getString("charge_id"), 201, row.getString("response")))
            .optional();
    }

    /** @return {@code false} if a charge with the key exists already (nothing written then) */
    boolean insertCharge(String id, String key, String request, long amount, String currency, String source,
            int httpStatus, String response, boolean succeeded, Instant at) {
        return this.jdbc.sql("""
                insert into charges (id, idempotency_key, request, amount, currency, source, http_status, response,
                                     succeeded, created_at)
                values (:id, :key, :request, :amount, :currency, :source, :status, :response, :succeeded, :at)
                on conflict do nothing
                """)
            .param("id", id)
            .param("key", key)
            .param("request", request)
            .param("amount", amount)
            .param("currency", currency)
            .param("source", source)
            .param("status", httpStatus)
            .param("response", response)
            .param("succeeded", succeeded)
            .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
            .update() == 1;
    }

    Optional<Charge> lock(String chargeId) {
        return this.jdbc.sql("select id, amount, succeeded, refunded from charges where id = :id for update")
            .param("id", chargeId)
            .query((row, rowNum) -> new Charge(row.getString("id"), row.getLong("amount"), row.getBoolean("succeeded"),
                    row.getBoolean("refunded")))
            .optional();
    }

    void insertRefund(String id, String key, String chargeId, long amount, String response, Instant at) {
        this.jdbc.sql("""
                insert into refunds (id, idempotency_key, charge_id, amount, response, created_at)
                values (:id, :key, :charge, :amount, :response, :at)
                """)
            .param("id", id)
            .param("key", key)
            .param("charge", chargeId)
            .param("amount", amount)
            .param("response", response)
            .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
            .update();
        this.jdbc.sql("update charges set refunded = true where id = :id").param("id", chargeId).update();
    }

    /** The stored answers of the succeeded charges made under the key (none or one). */
    List<String> succeededWithKey(String idempotencyKey) {
        return this.jdbc.sql("select response from charges where idempotency_key = :key and succeeded")
            .param("key", idempotencyKey)
            .query(String.class)
            .list();
    }

    record StoredAnswer(String request, int status, String response) {
    }

    record Charge(String id, long amount, boolean succeeded, boolean refunded) {
    }
}
