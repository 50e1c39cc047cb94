package dev.emporium.orders;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;

/** The cart service's {@code GET /api/cart} and {@code DELETE /api/cart}, per user, counting the deletes. */
final class FakeCart extends FakeService {

    private static final String EMPTY = "{\"items\":[],\"total\":{\"amount\":0,\"currency\":\"USD\"},\"itemCount\":0}";

    private final Map<String, String> carts = new ConcurrentHashMap<>();

    private final Map<String, AtomicInteger> deletes = new ConcurrentHashMap<>();

    private final Set<String> failingDeletes = ConcurrentHashMap.newKeySet();

    FakeCart() {
        super("/api/cart");
    }

    /** Fills the user's cart with one line per {productId, quantity, unit price in cents}. */
    void fill(String user, Object[]... lines) {
        StringBuilder items = new StringBuilder();
        long total = 0;
        int count = 0;
        for (Object[] line : lines) {
            String productId = (String) line[0];
            int quantity = (Integer) line[1];
            long price = ((Number) line[2]).longValue();
            items.append(items.isEmpty() ? "" : ",").append("""
                    {"productId":"%s","name":"Product %s","imageUrl":"/media/products/%s.svg","quantity":%d,
                     "unitPrice":{"amount":%d,"currency":"USD"},"lineTotal":{"amount":%d,"currency":"USD"}}
                    """.formatted(productId, productId, productId, quantity, price, price * quantity));
            total += price * quantity;
            count += quantity;
        }
        this.carts.put(user, "{\"items\":[" + items + "],\"total\":{\"amount\":" + total
                + ",\"currency\":\"USD\"},\"itemCount\":" + count + "}");
    }

    /** Makes {@code DELETE /api/cart} fail (500) for the user. */
    void failDeletesFor(String user) {
        this.failingDeletes.add(user);
    }

    int deletes(String user) {
        AtomicInteger count = this.deletes.get(user);
        return count == null ? 0 : count.get();
    }

    @Override
    void handle(HttpExchange exchange, String user) throws IOException {
        switch (exchange.getRequestMethod()) {
            case "GET" -> send(exchange, 200, this.carts.getOrDefault(user, EMPTY));
            case "DELETE" -> {
                if (this.failingDeletes.contains(user)) {
                    send(exchange, 500, "{\"title\":\"Internal error\",\"status\":500}");
                    return;
                }
                this.carts.remove(user);
                this.deletes.computeIfAbsent(user, key -> new AtomicInteger()).incrementAndGet();
                send(exchange, 204, null);
            }
            default -> send(exchange, 405, "{\"title\":\"Method not allowed\",\"status\":405}");
        }
    }
}
