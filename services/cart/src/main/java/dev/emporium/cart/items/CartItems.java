package dev.emporium.cart.items;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;

import dev.emporium.cart.catalog.CatalogProduct;
import dev.emporium.platform.sharding.Buckets;
import dev.emporium.platform.sharding.ShardedDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code cart_items} table, on the user's shard. Every query is scoped by the user id, so one user can never read
 * or change another user's lines: their products are simply not in the caller's cart.
 */
@Repository
class CartItems {

    private static final String SELECT = """
            select product_id, name, image_url, quantity, unit_price_minor, currency
            from cart_items where user_id = :user
            """;

    private final ShardedDatabase shards;

    private final Clock clock;

    CartItems(ShardedDatabase shards, Clock clock) {
        this.shards = shards;
        this.clock = clock;
    }

    /** The user's cart, lines in the order they were first added. */
    Cart cart(String userId) {
        return this.shards.read(userId, jdbc -> Cart.of(jdbc.sql(SELECT + " order by added_at, product_id")
            .param("user", userId)
            .query(this::item)
            .list()));
    }

    Optional<CartItem> item(String userId, String productId) {
        return this.shards.read(userId, jdbc -> jdbc.sql(SELECT + " and product_id = :product")
            .param("user", userId)
            .param("product", productId)
            .query(this::item)
            .optional());
    }

    /**
     * Sets the quantity of the product's line, adding the line if needed, and refreshes its snapshot of the product.
     * Update first, insert if there was nothing to update; when a concurrent request inserted the same line first,
     * the insert does nothing and the update runs again. Portable to H2 and PostgreSQL alike, and no statement
     * fails inside the transaction (PostgreSQL would abort the rest of it).
     */
    void put(String userId, String productId, CatalogProduct product, int quantity) {
        OffsetDateTime now = OffsetDateTime.now(this.clock);
        boolean done = this.shards.write(userId, jdbc -> update(jdbc, userId, productId, product, quantity, now) > 0
                || jdbc.sql("""
                        insert into cart_items (user_id, product_id, name, image_url, unit_price_minor, currency, quantity,
                                                added_at, updated_at, bucket)
                        values (:user, :product, :name, :imageUrl, :amount, :currency, :quantity, :now, :now, :bucket)
                        on conflict do nothing
                        """)
                    .param("user", userId)
                    .param("product", productId)
                    .param("name", product.name())
                    .param("imageUrl", product.imageUrl())
                    .param("amount", product.price().amount())
                    .param("currency", product.price().currency())
                    .param("quantity", quantity)
                    .param("now", now)
                    .param("bucket", Buckets.of(userId))
                    .update() > 0);
        if (!done) {
            this.shards.writeWithoutResult(userId, jdbc -> update(jdbc, userId, productId, product, quantity, now));
        }
    }

    /** Removes the product's line; false when the user's cart had none. */
    boolean remove(String userId, String productId) {
        return this.shards.write(userId, jdbc -> jdbc.sql("delete from cart_items where user_id = :user and product_id = :product")
            .param("user", userId)
            .param("product", productId)
            .update() > 0);
    }

    /**
     * Removes the line only if its quantity is still {@code quantity}, in one statement (no read-then-write race).
     * @return whether the line exists at all (removed, or left because its quantity changed)
     */
    boolean removeIfQuantity(String userId, String productId, int quantity) {
        return this.shards.write(userId, jdbc -> {
            int removed = jdbc.sql("delete from cart_items where user_id = :user and product_id = :product and quantity = :quantity")
                .param("user", userId)
                .param("product", productId)
                .param("quantity", quantity)
                .update();
            return removed > 0 || jdbc.sql("select count(*) from cart_items where user_id = :user and product_id = :product")
                .param("user", userId)
                .param("product", productId)
                .query(Integer.class)
                .single() > 0;
        });
    }

    void clear(String userId) {
        this.shards.writeWithoutResult(userId, jdbc -> jdbc.sql("delete from cart_items where user_id = :user")
            .param("user", userId)
            .update());
    }

    private static int update(JdbcClient jdbc, String userId, String productId, CatalogProduct product, int quantity,
            OffsetDateTime now) {
        return jdbc.sql("""
                update cart_items set name = :name, image_url = :imageUrl, unit_price_minor = :amount,
                       currency = :currency, quantity = :quantity, updated_at = :now
                where user_id = :user and product_id = :product
                """)
            .param("name", product.name())
            .param("imageUrl", product.imageUrl())
            .param("amount", product.price().amount())
            .param("currency", product.price().currency())
            .param("quantity", quantity)
            .param("now", now)
            .param("user", userId)
            .param("product", productId)
            .update();
    }

    private CartItem item(ResultSet row, int rowNum) throws SQLException {
        return CartItem.of(row.getString("product_id"), row.getString("name"), row.getString("image_url"),
                row.getInt("quantity"), new Money(row.getLong("unit_price_minor"), row.getString("currency")));
    }
}
