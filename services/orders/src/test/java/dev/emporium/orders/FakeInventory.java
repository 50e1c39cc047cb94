package dev.emporium.orders;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.JsonNode;

/**
 * Inventory's {@code POST /internal/reservations}: reserves everything except the products marked short of stock
 * (then 409 naming them, nothing reserved); idempotent by order id (201 first, 200 for a repeat). Records requests.
 */
final class FakeInventory extends FakeService {

    private final Set<String> shortOfStock = ConcurrentHashMap.newKeySet();

    private final Set<String> reserved = ConcurrentHashMap.newKeySet();

    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    private volatile CountDownLatch gate = new CountDownLatch(0);

    FakeInventory() {
        super("/internal/reservations");
    }

    void shortOfStock(String productId) {
        this.shortOfStock.add(productId);
    }

    /**
     * Holds every reservation until {@code count} of them have arrived (or a few seconds passed), so that concurrent
     * checkouts all get past their first look for an existing order before any of them can insert one.
     */
    void holdUntil(int count) {
        this.gate = new CountDownLatch(count);
    }

    /** The reservation requests made for this order id. */
    List<JsonNode> requestsFor(String orderId) {
        return this.requests.stream().filter(request -> request.path("orderId").asString().equals(orderId)).toList();
    }

    boolean reserved(String orderId) {
        return this.reserved.contains(orderId);
    }

    @Override
    void handle(HttpExchange exchange, String user) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            send(exchange, 405, "{\"title\":\"Method not allowed\",\"status\":405}");
            return;
        }
        JsonNode request = body(exchange);
        this.requests.add(request);
        CountDownLatch gate = this.gate;
        gate.countDown();
        try {
            gate.await(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        String orderId = request.path("orderId").asString();
        List<String> missing = new ArrayList<>();
        for (JsonNode line : request.path("lines")) {
            if (this.shortOfStock.contains(line.path("productId").asString())) {
                missing.add("\"" + line.path("productId").asString() + "\"");
            }
        }
        if (!missing.isEmpty()) {
            send(exchange, 409, "{\"title\":\"Not enough stock\",\"status\":409,\"products\":" + missing + "}");
            return;
        }
        boolean first = this.reserved.add(orderId);
        send(exchange, first ? 201 : 200, "{\"orderId\":\"" + orderId + "\",\"status\":\"RESERVED\"}");
    }
}
