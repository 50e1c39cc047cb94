package dev.emporium.catalog.product;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.emporium.platform.cache.RedisUnavailable;
import dev.emporium.platform.cache.SharedRedis;
import dev.emporium.platform.cache.TieredCaches;
import dev.emporium.platform.messaging.Envelope;
import dev.emporium.platform.messaging.MessageHandler;
import dev.emporium.platform.messaging.UnreadableMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Best sellers: a Redis sorted set of units sold per product ({@code <prefix>:catalog:best-sellers}), fed by orders'
 * {@code order.confirmed} on the queue {@code catalog.sales}. An order counts once however often its event arrives:
 * one script marks the order counted ({@code SET NX} with an expiry) and adds its lines, atomically in Redis. Redis
 * that does not answer fails the delivery, so the event is retried, then parked for a replay: no sale is lost to an
 * outage shorter than the retries, and none is counted twice.
 * <p>
 * The ranking is derived data and lives in Redis only (Redis keeps nothing on disk here): after a Redis restart it
 * starts again from the next orders, and until then {@link ProductCatalog} fills the popular list by the catalog's
 * editorial popularity. Without Redis (embedded mode) there is no ranking, and no subscription.
 */
@Component
class SalesRanking {

    static final String QUEUE = "catalog.sales";

    private static final Logger log = LoggerFactory.getLogger(SalesRanking.class);

    /** KEYS: the order's counted marker, the ranking. ARGV: the marker's lifetime in seconds, then product, units… */
    private static final RedisScript<Long> COUNT_ORDER = RedisScript.of("""
            if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
              for i = 2, #ARGV, 2 do
                redis.call('ZINCRBY', KEYS[2], ARGV[i + 1], ARGV[i])
              end
              return 1
            end
            return 0
            """, Long.class);

    private final @Nullable SharedRedis redis;

    private final JsonMapper json;

    private final long countedForSeconds;

    SalesRanking(ObjectProvider<TieredCaches> caches, JsonMapper json, CatalogCacheProperties properties) {
        TieredCaches available = caches.getIfAvailable();
        this.redis = available != null ? available.redis().orElse(null) : null;
        this.json = json;
        this.countedForSeconds = properties.salesCountedFor().toSeconds();
    }

    boolean enabled() {
        return this.redis != null;
    }

    /** Up to {@code count} product ids, best seller first; none when Redis is absent or does not answer. */
    List<String> bestSellers(int count) {
        if (this.redis == null) {
            return List.of();
        }
        try {
            Set<byte[]> ids = this.redis.call(redis -> redis.opsForZSet().reverseRange(rankingKey(), 0, count - 1));
            List<String> best = new ArrayList<>();
            if (ids != null) {
                ids.forEach(id -> best.add(new String(id, StandardCharsets.UTF_8)));
            }
            return best;
        }
        catch (RedisUnavailable ex) {
            return List.of();
        }
    }

    /** Counts the sales of one confirmed order, once. */
    void handle(MessageHandler.Delivery delivery) {
        SharedRedis shared = this.redis;
        if (shared == null) {
            return;
        }
        Envelope envelope = delivery.envelope();
        OrderSales sales = envelope.data(this.json, OrderSales.class);
        List<OrderSales.Line> lines;
        try {
            lines = sales.checkedLines();
        }
        catch (IllegalArgumentException ex) {
            throw new UnreadableMessage(ex.getMessage(), ex);
        }
        List<byte[]> arguments = new ArrayList<>();
        arguments.add(bytes(Long.toString(this.countedForSeconds)));
        for (OrderSales.Line line : lines) {
            arguments.add(bytes(line.productId()));
            arguments.add(bytes(Integer.toString(line.quantity())));
        }
        String counted = shared.key("catalog:sales-counted:" + sales.orderId());
        Long first = shared.call(redis -> redis.execute(COUNT_ORDER, List.of(counted, rankingKey()), arguments.toArray()));
        if (first == null || first == 0) {
            log.info("The sales of order {} were counted already (message {})", sales.orderId(), envelope.id());
        }
    }

    private String rankingKey() {
        return this.redis.key("catalog:best-sellers");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
