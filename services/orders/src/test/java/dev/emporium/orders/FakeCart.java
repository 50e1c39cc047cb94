package dev.emporium.orders;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;

/**
 * The cart service's {@code GET /api/cart} and its conditional line removal
 * {@code DELETE /api/cart/items/{id}?ifQuantity=n}, per user, recording each removal as {@code "id?ifQuantity=n"}.
 */
final class FakeCart extends FakeService {

    private static final String EMPTY = "{\"items\":[],\"total\":{\"amount\":0,\"currency\":\"USD\"},\"itemCount\":0}";

    private final Map<String, String> carts = new ConcurrentHashMap<>();

    private final Map<String, List<String>> removals = new ConcurrentHashMap<>();

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

    /** Makes every removal fail (500) for the user. */
    void failDeletesFor(String user) {
        this.failingDeletes.add(user);
    }

    /** The line removals the user's cart received, in order. */
    List<String> removals(String user) {
        return List.copyOf(this.removals.getOrDefault(user, List.of()));
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
                String path = exchange.getRequestURI().getPath();
                String query = exchange.getRequestURI().getQuery();
                if (!path.startsWith("/api/cart/items/") || query == null || !query.startsWith("ifQuantity=")) {
                    send(exchange, 400, "{\"title\":\"Unexpected removal\",\"status\":400}");
                    return;
                }
                // Removing every ordered line empties this fake's cart: it is only filled with what is ordered.
                this.carts.remove(user);
                this.removals.computeIfAbsent(user, key -> new CopyOnWriteArrayList<>())
                    .add(path.substring("/api/cart/items/".length()) + "?" + query);
                send(exchange, 200, EMPTY);
            }
            default -> send(exchange, 405, "{\"title\":\"Method not allowed\",\"status\":405}");
        }
    }
}
