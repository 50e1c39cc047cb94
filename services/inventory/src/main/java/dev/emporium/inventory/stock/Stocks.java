package dev.emporium.inventory.stock;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The stock table: reads for the public API, and the one guarded way to take units away. */
@Repository
public class Stocks {

    private final JdbcClient jdbc;

    Stocks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<StockLevel> find(String productId) {
        return this.jdbc.sql("select product_id, available from stock where product_id = :productId")
            .param("productId", productId)
            .query((rs, row) -> new StockLevel(rs.getString("product_id"), rs.getInt("available")))
            .optional();
    }

    /**
     * Takes {@code quantity} units of a product if that many are available, in the caller's transaction. The
     * condition sits in the UPDATE itself, so concurrent takers serialise on the row lock and each re-checks the
     * level it finds: stock never goes below zero, whatever the interleaving.
     *
     * @return {@code false} if the product is unknown or has fewer units (nothing changed then)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean take(String productId, int quantity, Instant at) {
        return this.jdbc.sql("""
                update stock set available = available - :quantity, updated_at = :at
                where product_id = :productId and available >= :quantity
                """)
            .param("quantity", quantity)
            .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
            .param("productId", productId)
            .update() == 1;
    }

    /** Puts units back (a released or expired reservation's), in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void giveBack(String productId, int quantity, Instant at) {
        this.jdbc.sql("update stock set available = available + :quantity, updated_at = :at where product_id = :productId")
            .param("quantity", quantity)
            .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
            .param("productId", productId)
            .update();
    }
}
