package dev.emporium.systemtests;

import java.time.Duration;
import java.util.Map;

import dev.emporium.testsupport.HttpTestClient;
import dev.emporium.testsupport.HttpTestClient.Response;
import org.awaitility.Awaitility;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client of the public API as a user's program would be: plain HTTP and JSON, through the gateway only. Calls
 * take the raw access token (or null) and send it as a bearer token.
 */
final class Api {

    private final HttpTestClient http;

    Api(String gatewayUrl) {
        this.http = HttpTestClient.forUrl(gatewayUrl);
    }

    Response call(HttpMethod method, String path, String token, Object body, Map<String, String> headers) {
        return this.http.call(method, path, body, bearer(token), headers);
    }

    Response get(String path, String token) {
        return this.http.get(path, bearer(token));
    }

    Response post(String path, String token, Object body) {
        return this.http.post(path, body, bearer(token));
    }

    Response put(String path, String token, Object body) {
        return this.http.put(path, body, bearer(token));
    }

    Response delete(String path, String token) {
        return this.http.delete(path, bearer(token));
    }

    /** Registers and logs in a fresh user; returns the access token. */
    String newCustomer(String email, String name) {
        post("/api/auth/register", null, Map.of("email", email, "password", "correct horse battery", "name", name)).expect(201);
        return post("/api/auth/login", null, Map.of("email", email, "password", "correct horse battery")).expect(200)
            .json().get("accessToken").asString();
    }

    /**
     * Waits until the order reaches {@code status} (the saga runs after checkout has answered) and returns it; fails
     * as soon as it reaches another final status.
     */
    JsonNode awaitOrder(String orderId, String token, String status) {
        JsonNode order = Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> get("/api/orders/" + orderId, token).expect(200).json(),
                    current -> !current.get("status").asString().equals("PENDING"));
        assertThat(order.get("status").asString()).as("order %s (%s)", orderId, order.path("reason").asString(""))
            .isEqualTo(status);
        return order;
    }

    private static String bearer(String token) {
        return token == null ? null : "Bearer " + token;
    }
}
