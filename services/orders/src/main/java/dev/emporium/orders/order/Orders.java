package dev.emporium.orders.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import dev.emporium.platform.sharding.Buckets;
import dev.emporium.platform.sharding.Scatter;
import dev.emporium.platform.sharding.ShardedDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code orders} and {@code order_lines} tables, on the user's shard. Reads are scoped by the user id: another
 * user's order is not found. An order and its lines are written in one transaction.
 */
@Repository
public class Orders {

    private final ShardedDatabase shards;

    Orders(ShardedDatabase shards) {
        this.shards = shards;
    }

    /**
     * Inserts the order with its lines and whatever {@code alongside} writes (the saga's first message, into the
     * outbox), all in one transaction on the user's shard, all or nothing. Throws
     * {@link org.springframework.dao.DuplicateKeyException} when an order with the same id, or the same user and
     * idempotency key, exists already (then nothing was written).
     */
    public void insert(Order order, Consumer<JdbcClient> alongside) {
        this.shards.writeWithoutResult(order.userId(), jdbc -> {
            insert(jdbc, order);
            alongside.accept(jdbc);
        });
    }

    /**
     * The user's order, its row locked for the rest of {@code jdbc}'s transaction (a transaction on the user's
     * shard, from {@link ShardedDatabase#write}), so saga steps on one order run one after the other.
     */
    public Optional<Order> lock(JdbcClient jdbc, OrderId id, String userId) {
        List<OrderLine> lines = lines(jdbc, id);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql("select * from orders where id = :id and user_id = :user for update")
            .param("id", id.toString())
            .param("user", userId)
            .query((row, rowNum) -> order(row, lines))
            .optional();
    }

    /** Writes the order's state (status, step, reason, re-drives) in {@code jdbc}'s transaction. */
    public void save(JdbcClient jdbc, Order order) {
        jdbc.sql("""
                update orders set status = :status, saga_step = :step, reason = :reason, redrives = :redrives,
                                  updated_at = :updatedAt
                where id = :id and user_id = :user
                """)
            .param("status", order.status().name())
            .param("step", order.step().name())
            .param("reason", order.reason())
            .param("redrives", order.redrives())
            .param("updatedAt", utc(order.updatedAt()))
            .param("id", order.id().toString())
            .param("user", order.userId())
            .update();
    }

    /**
     * Pending orders not changed since {@code before}, from every shard (on replicas: a moment stale, which the
     * caller's locked re-read corrects), oldest first.
     */
    public List<StalledOrder> stalled(Instant before, int limit) {
        return this.shards.scatter(jdbc -> jdbc.sql("""
                select id, user_id, bucket, updated_at from orders
                where status = 'PENDING' and updated_at < :before order by updated_at limit :limit
                """)
            .param("before", utc(before))
            .param("limit", limit)
            .query((row, rowNum) -> new StalledOrder(new OrderId(UUID.fromString(row.getString("id"))),
                    row.getString("user_id"), row.getInt("bucket")))
            .list(), StalledOrder::bucket).rows();
    }

    /** A pending order that has not moved for a while. */
    public record StalledOrder(OrderId id, String userId, int bucket) {
    }

    private static void insert(JdbcClient jdbc, Order order) {
        ShippingAddress address = order.shippingAddress();
        Money total = order.total();
        int bucket = Buckets.of(order.userId());
        jdbc.sql("""
                insert into orders (id, user_id, idempotency_key, status, reason, total_minor, currency, item_count,
                                    ship_name, ship_line1, ship_city, ship_postal_code, ship_country, payment_token,
                                    customer_email, customer_name, saga_step, redrives, created_at, updated_at, bucket)
                values (:id, :user, :key, :status, :reason, :total, :currency, :itemCount,
                        :shipName, :shipLine1, :shipCity, :shipPostalCode, :shipCountry, :paymentToken,
                        :email, :name, :step, :redrives, :createdAt, :updatedAt, :bucket)
                """)
            .param("id", order.id().toString())
            .param("user", order.userId())
            .param("key", order.idempotencyKey())
            .param("status", order.status().name())
            .param("reason", order.reason())
            .param("total", total.amount())
            .param("currency", total.currency())
            .param("itemCount", order.itemCount())
            .param("shipName", address.name())
            .param("shipLine1", address.line1())
            .param("shipCity", address.city())
            .param("shipPostalCode", address.postalCode())
            .param("shipCountry", address.country())
            .param("paymentToken", order.paymentToken())
            .param("email", order.customer().email())
            .param("name", order.customer().name())
            .param("step", order.step().name())
            .param("redrives", order.redrives())
            .param("createdAt", utc(order.createdAt()))
            .param("updatedAt", utc(order.updatedAt()))
            .param("bucket", bucket)
            .update();
        int lineNo = 0;
        for (OrderLine line : order.lines()) {
            jdbc.sql("""
                    insert into order_lines (order_id, line_no, product_id, name, image_url, quantity, unit_price_minor,
                                             currency, bucket)
                    values (:order, :lineNo, :product, :name, :imageUrl, :quantity, :amount, :currency, :bucket)
                    """)
                .param("order", order.id().toString())
                .param("lineNo", ++lineNo)
                .param("product", line.productId())
                .param("name", line.name())
                .param("imageUrl", line.imageUrl())
                .param("quantity", line.quantity())
                .param("amount", line.unitPrice().amount())
                .param("currency", line.unitPrice().currency())
                .param("bucket", bucket)
                .update();
        }
    }

    /** The user's order with this id; empty for an unknown id and for another user's order alike. */
    public Optional<Order> find(OrderId id, String userId) {
        return this.shards.read(userId, jdbc -> {
            // Lines first, so no query runs while another's result set is open; every order has at least one line.
            List<OrderLine> lines = lines(jdbc, id);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            return jdbc.sql("select * from orders where id = :id and user_id = :user")
                .param("id", id.toString())
                .param("user", userId)
                .query((row, rowNum) -> order(row, lines))
                .optional();
        });
    }

    /** The user's orders, newest first. */
    List<OrderSummary> summaries(String userId) {
        return this.shards.read(userId, jdbc -> jdbc.sql("""
                select id, status, total_minor, currency, item_count, created_at from orders
                where user_id = :user order by created_at desc, id desc
                """)
            .param("user", userId)
            .query((row, rowNum) -> new OrderSummary(row.getString("id"), OrderStatus.valueOf(row.getString("status")),
                    new Money(row.getLong("total_minor"), row.getString("currency")), row.getInt("item_count"),
                    instant(row, "created_at")))
            .list());
    }

    /**
     * The latest orders of all users: the latest {@code limit} of each shard, gathered in parallel, merged newest
     * first. Shards that did not answer in time are named in the result, which is then partial.
     */
    Scatter<AdminOrderSummary> latest(int limit) {
        Scatter<AdminOrderSummary> gathered = this.shards.scatter(jdbc -> jdbc.sql("""
                select id, user_id, status, total_minor, currency, item_count, created_at, bucket from orders
                order by created_at desc, id desc limit :limit
                """)
            .param("limit", limit)
            .query((row, rowNum) -> new AdminOrderSummary(row.getString("id"), row.getString("user_id"),
                    OrderStatus.valueOf(row.getString("status")),
                    new Money(row.getLong("total_minor"), row.getString("currency")), row.getInt("item_count"),
                    instant(row, "created_at"), row.getInt("bucket")))
            .list(), AdminOrderSummary::bucket);
        return new Scatter<>(gathered.rows().stream()
            .sorted(java.util.Comparator.comparing(AdminOrderSummary::createdAt).reversed()
                .thenComparing(AdminOrderSummary::id, java.util.Comparator.reverseOrder()))
            .limit(limit)
            .toList(), gathered.missingShards());
    }

    private static List<OrderLine> lines(JdbcClient jdbc, OrderId id) {
        return jdbc.sql("""
                select product_id, name, image_url, quantity, unit_price_minor, currency from order_lines
                where order_id = :order order by line_no
                """)
            .param("order", id.toString())
            .query((row, rowNum) -> new OrderLine(row.getString("product_id"), row.getString("name"),
                    row.getString("image_url"), row.getInt("quantity"),
                    new Money(row.getLong("unit_price_minor"), row.getString("currency"))))
            .list();
    }

    private static Order order(ResultSet row, List<OrderLine> lines) throws SQLException {
        return Order.restore(new OrderId(UUID.fromString(row.getString("id"))), row.getString("user_id"),
                row.getString("idempotency_key"), lines,
                new ShippingAddress(row.getString("ship_name"), row.getString("ship_line1"), row.getString("ship_city"),
                        row.getString("ship_postal_code"), row.getString("ship_country")),
                row.getString("payment_token"), new Customer(row.getString("customer_email"), row.getString("customer_name")),
                OrderStatus.valueOf(row.getString("status")), SagaStep.valueOf(row.getString("saga_step")),
                row.getInt("redrives"), row.getString("reason"), instant(row, "created_at"), instant(row, "updated_at"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }
}
