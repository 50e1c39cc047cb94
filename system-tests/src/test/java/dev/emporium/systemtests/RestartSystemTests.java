package dev.emporium.systemtests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Embedded mode keeps its data under the data directory: a restart loses nothing and seeds nothing twice. */
class RestartSystemTests {

    @Test
    void accountsCartsOrdersAndTheCatalogSurviveARestart() throws Exception {
        Path data = Files.createTempDirectory("emporium-restart-test");
        String email = "restart-" + UUID.randomUUID() + "@example.test";
        String orderId;
        long products;
        try (RunningPlatform first = RunningPlatform.start(data)) {
            Api api = new Api(first.gatewayUrl());
            String token = api.newCustomer(email, "Restarter");
            api.put("/api/cart/items/p5", token, Map.of("quantity", 1)).expect(200);
            orderId = api.call(HttpMethod.POST, "/api/orders", token,
                    Map.of("shippingAddress", ShopApiSystemTests.ADDRESS, "paymentToken", "tok_visa"),
                    Map.of("Idempotency-Key", "restart-1")).expect(202).json().get("id").asString();
            api.awaitOrder(orderId, token, "CONFIRMED");
            api.put("/api/cart/items/p6", token, Map.of("quantity", 4)).expect(200);
            products = api.get("/api/catalog/products?size=1", null).expect(200).json().get("total").asLong();
        }
        try (RunningPlatform second = RunningPlatform.start(data)) {
            Api api = new Api(second.gatewayUrl());
            String token = api.post("/api/auth/login", null, Map.of("email", email, "password", "correct horse battery"))
                .expect(200).json().get("accessToken").asString();
            assertThat(api.get("/api/orders/" + orderId, token).expect(200).json().get("status").asString()).isEqualTo("CONFIRMED");
            JsonNode cart = api.get("/api/cart", token).expect(200).json();
            assertThat(cart.get("items").get(0).get("productId").asString()).isEqualTo("p6");
            assertThat(cart.get("items").get(0).get("quantity").asInt()).isEqualTo(4);
            assertThat(api.get("/api/catalog/products?size=1", null).expect(200).json().get("total").asLong()).isEqualTo(products);
            // The same key after the restart still names the same order.
            assertThat(api.call(HttpMethod.POST, "/api/orders", token,
                    Map.of("shippingAddress", ShopApiSystemTests.ADDRESS, "paymentToken", "tok_visa"),
                    Map.of("Idempotency-Key", "restart-1")).expect(202).json().get("id").asString()).isEqualTo(orderId);
        }
    }
}
