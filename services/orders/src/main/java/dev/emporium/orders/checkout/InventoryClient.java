package dev.emporium.orders.checkout;

import java.util.List;

import dev.emporium.orders.order.OrderId;
import dev.emporium.orders.order.OrderLine;
import dev.emporium.platform.web.ServiceRestClients;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Reserves stock at the inventory service ({@code POST /internal/reservations}), idempotent by order id there: asking
 * again for the same order returns the reservation made the first time. A 409 names the products short of stock and
 * becomes {@link NotEnoughStock}; any other failure to get an answer is a {@link ServiceUnavailable}.
 */
@Component
class InventoryClient {

    private static final Logger log = LoggerFactory.getLogger(InventoryClient.class);

    private final RestClient inventory;

    InventoryClient(ServiceRestClients clients) {
        this.inventory = clients.forService("inventory");
    }

    void reserve(OrderId orderId, List<OrderLine> lines, String authorization) {
        Reservation reservation = new Reservation(orderId.toString(),
                lines.stream().map(line -> new Reservation.Line(line.productId(), line.quantity())).toList());
        try {
            this.inventory.post()
                .uri("/internal/reservations")
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .contentType(MediaType.APPLICATION_JSON)
                .body(reservation)
                .exchange((request, response) -> {
                    if (response.getStatusCode().is2xxSuccessful()) {
                        return null;
                    }
                    if (response.getStatusCode().isSameCodeAs(HttpStatus.CONFLICT)) {
                        Shortage shortage = response.bodyTo(Shortage.class);
                        throw new NotEnoughStock(shortage != null && shortage.products() != null ? shortage.products() : List.of());
                    }
                    log.warn("Inventory answered {} reserving stock for order {}", response.getStatusCode().value(), orderId);
                    throw new ServiceUnavailable("inventory", null);
                });
        }
        // RestClientException: no answer or an unreadable one; IllegalStateException: no instance of inventory known.
        catch (RestClientException | IllegalStateException ex) {
            log.warn("Inventory unavailable reserving stock for order {}: {}", orderId, ex.toString());
            throw new ServiceUnavailable("inventory", ex);
        }
    }

    record Reservation(String orderId, List<Line> lines) {

        record Line(String productId, int quantity) {
        }
    }

    /** The part of inventory's 409 problem that names the products short of stock. */
    record Shortage(@Nullable List<String> products) {
    }
}
