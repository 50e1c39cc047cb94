package dev.emporium.storefront.orders;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.emporium.storefront.api.ApiProblem;
import dev.emporium.storefront.api.ApiUnavailable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** The orders endpoints: place an order (idempotently, by key) and read the customer's orders. */
@Component
class OrdersClient {

    private static final ParameterizedTypeReference<List<OrderSummary>> SUMMARIES = new ParameterizedTypeReference<>() {
    };

    private final RestClient api;

    OrdersClient(RestClient publicApi) {
        this.api = publicApi;
    }

    /**
     * Places an order of the cart's contents. The same {@code idempotencyKey} answers the same order, so a form
     * submitted twice makes one order. Invalid fields are a 400 {@link ApiProblem}, an empty cart or missing stock a
     * 409 one.
     */
    PlacedOrder place(String accessToken, String idempotencyKey, ShippingAddress address, String paymentToken) {
        PlacedOrder order = this.api.post()
            .uri("/api/orders")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken)
            .header("Idempotency-Key", idempotencyKey)
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("shippingAddress", address, "paymentToken", paymentToken))
            .retrieve()
            .body(PlacedOrder.class);
        if (order == null) {
            throw new ApiUnavailable("the orders service accepted without a body");
        }
        return order;
    }

    List<OrderSummary> orders(String accessToken) {
        List<OrderSummary> orders = this.api.get().uri("/api/orders")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken)
            .retrieve()
            .body(SUMMARIES);
        return orders == null ? List.of() : orders;
    }

    /** The order, or empty when it is unknown or another customer's. */
    Optional<Order> order(String accessToken, String id) {
        try {
            return Optional.ofNullable(this.api.get().uri("/api/orders/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken)
                .retrieve()
                .body(Order.class));
        }
        catch (ApiProblem problem) {
            if (problem.isNotFound() || problem.status() == 400) {
                return Optional.empty();
            }
            throw problem;
        }
    }
}
