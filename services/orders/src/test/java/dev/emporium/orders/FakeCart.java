package dev.emporium.orders;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;

/**
 * The cart service's {@code GET /api/cart} and its conditional line removal
 * {@code DELETE /api/cart/items/{id}?ifQuantity=n}, per user, as the cart service answers them: the line goes only if
 * its quantity is still n (200 with the cart either way), and a line not in the cart is a 404. Every removal request
 * is recorded as {@code "id?ifQuantity=n"}, failed ones too.
 */
final class FakeCart extends FakeService {

    private static final String ITEMS = "/api/cart/items/";

    /** Per user, productId → {quantity, unit price in cents}, in the order the lines were added. */
    private final Map<String, Map<String, long[]>> carts = new ConcurrentHashMap<>();

    /** Per user, the lines the cart takes right after its next read is answered (a change in another tab). */
    private final Map<String, Object[][]> afterNextRead = new ConcurrentHashMap<>();

    private final Map<String, List<String>> removals = new ConcurrentHashMap<>();

    private final Set<String> failingDeletes = ConcurrentHashMap.newKeySet();

    FakeCart() {
        super("/api/cart");
    }

    /** Fills the user's cart with one line per {productId, quantity, unit price in cents}. */
    synchronized void fill(String user, Object[]... lines) {
        this.carts.put(user, linesOf(lines));
    }

    /**
     * Replaces the user's cart with these lines as soon as its next read has been answered, as a customer changing the
     * cart in another tab while checkout runs.
     */
    void fillAfterNextRead(String user, Object[]... lines) {
        this.afterNextRead.put(user, lines);
    }

    /** The user's cart now: productId → quantity, in the order the lines were added. */
    Map<String, Integer> quantities(String user) {
        Map<String, Integer> quantities = new LinkedHashMap<>();
        synchronized (this) {
            this.carts.getOrDefault(user, Map.of()).forEach((product, line) -> quantities.put(product, (int) line[0]));
        }
        return quantities;
    }

    /** Makes every removal fail (500) for the user. */
    void failDeletesFor(String user) {
        this.failingDeletes.add(user);
    }

    /** The line removals the user's cart was asked for, in order, failed ones too. */
    List<String> removals(String user) {
        return List.copyOf(this.removals.getOrDefault(user, List.of()));
    }

    @Override
    void handle(HttpExchange exchange, String user) throws IOException {
        switch (exchange.getRequestMethod()) {
            case "GET" -> {
                String body;
                synchronized (this) {
                    body = render(user);
                    Object[][] change = this.afterNextRead.remove(user);
                    if (change != null) {
                        this.carts.put(user, linesOf(change));
                    }
                }
                send(exchange, 200, body);
            }
            case "DELETE" -> {
                String path = exchange.getRequestURI().getPath();
                String query = exchange.getRequestURI().getQuery();
                if (!path.startsWith(ITEMS) || query == null || !query.matches("ifQuantity=\\d+")) {
                    send(exchange, 400, "{\"title\":\"Unexpected removal\",\"status\":400}");
                    return;
                }
                String product = path.substring(ITEMS.length());
                this.removals.computeIfAbsent(user, key -> new CopyOnWriteArrayList<>()).add(product + "?" + query);
                if (this.failingDeletes.contains(user)) {
                    send(exchange, 500, "{\"title\":\"Internal error\",\"status\":500}");
                    return;
                }
                long ifQuantity = Long.parseLong(query.substring("ifQuantity=".length()));
                String body;
                synchronized (this) {
                    Map<String, long[]> lines = this.carts.getOrDefault(user, new LinkedHashMap<>());
                    long[] line = lines.get(product);
                    if (line == null) {
                        body = null;
                    }
                    else {
                        if (line[0] == ifQuantity) {
                            lines.remove(product);
                        }
                        body = render(user);
                    }
                }
                if (body == null) {
                    send(exchange, 404, "{\"title\":\"Item not in cart\",\"status\":404}");
                    return;
                }
                send(exchange, 200, body);
            }
            default -> send(exchange, 405, "{\"title\":\"Method not allowed\",\"status\":405}");
        }
    }

    private static Map<String, long[]> linesOf(Object[]... lines) {
        Map<String, long[]> cart = new LinkedHashMap<>();
        for (Object[] line : lines) {
            cart.put((String) line[0], new long[] { (Integer) line[1], ((Number) line[2]).longValue() });
        }
        return cart;
    }

    /** The user's cart as the cart service's JSON. */
    private String render(String user) {
        StringBuilder items = new StringBuilder();
        long total = 0;
        long count = 0;
        for (Map.Entry<String, long[]> entry : this.carts.getOrDefault(user, Map.of()).entrySet()) {
            String productId = entry.getKey();
            long quantity = entry.getValue()[0];
            long price = entry.getValue()[1];
            items.append(items.isEmpty() ? "" : ",").append("""
                    {"productId":"%s","name":"Product %s","imageUrl":"/media/products/%s.svg","quantity":%d,
                     "unitPrice":{"amount":%d,"currency":"USD"},"lineTotal":{"amount":%d,"currency":"USD"}}
                    """.formatted(productId, productId, productId, quantity, price, price * quantity));
            total += price * quantity;
            count += quantity;
        }
        return "{\"items\":[" + items + "],\"total\":{\"amount\":" + total + ",\"currency\":\"USD\"},\"itemCount\":"
                + count + "}";
    }
}
