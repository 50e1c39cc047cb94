package dev.emporium.payments.payment;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.emporium.platform.web.ServiceResilience;
import dev.emporium.platform.web.ServiceRestClients;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;

/**
 * The payment provider's API ({@code POST /v1/charges}, {@code POST /v1/refunds}, {@code GET /v1/charges}), with
 * timeouts and a circuit breaker. Every call carries an idempotency key derived from the order, so asking again after
 * a lost answer never charges or refunds twice. A provider that cannot be reached, answers 5xx, takes too long or whose
 * breaker is open is a {@link ProviderUnavailable}: the outcome is unknown.
 *
 * <p>A URL naming a discovery service id ({@code http://payment-provider}, no port: cluster mode runs several
 * providers) goes through the load balancer and the platform's {@link ServiceResilience} (its timeouts, breaker,
 * bulkhead and retries: every call here is idempotent); a plain {@code host:port} URL (embedded mode) is called
 * directly, with the timeouts of {@code emporium.payments.provider} and the {@code payment-provider} breaker.
 */
@Component
class ProviderClient {

    static final String SERVICE_ID = "payment-provider";

    private final RestClient provider;

    /** The breaker of direct calls; null through the load balancer, whose calls have one already. */
    private final @Nullable CircuitBreaker breaker;

    ProviderClient(RestClient.Builder builder, PaymentsProperties properties, ServiceRestClients services,
            ObjectProvider<ServiceResilience> resilience) {
        URI url = URI.create(properties.provider().url());
        if (serviceId(url)) {
            this.provider = services.forService(url.getHost());
            this.breaker = null;
            return;
        }
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
            .connectTimeout(properties.provider().connectTimeout())
            .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(properties.provider().readTimeout());
        this.provider = builder.clone().baseUrl(properties.provider().url()).requestFactory(requests).build();
        ServiceResilience guard = resilience.getIfAvailable();
        this.breaker = guard != null ? guard.breaker(SERVICE_ID) : null;
    }

    /** {@code http://payment-provider}: a name without a dot or a port, other than localhost, is a service id. */
    static boolean serviceId(URI url) {
        String host = url.getHost();
        return host != null && url.getPort() < 0 && !host.contains(".") && !host.contains(":")
                && !host.equalsIgnoreCase("localhost");
    }

    /** Charges the token; a decline is an answer, not an error. */
    ChargeOutcome charge(String idempotencyKey, long amountMinor, String currency, String token) {
        return call(() -> this.provider.post()
            .uri("/v1/charges")
            .header("Idempotency-Key", idempotencyKey)
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("amount", amountMinor, "currency", currency, "source", token))
            .exchange((request, response) -> {
                JsonNode body = response.bodyTo(JsonNode.class);
                if (response.getStatusCode().isSameCodeAs(HttpStatus.CREATED) && body != null) {
                    return new ChargeOutcome(body.get("id").asString(), null);
                }
                if (response.getStatusCode().isSameCodeAs(HttpStatus.PAYMENT_REQUIRED) && body != null) {
                    return new ChargeOutcome(null, body.at("/error/message").asString("Your card was declined."));
                }
                throw new ProviderUnavailable("charge answered " + response.getStatusCode().value());
            }));
    }

    /** The charge made under the key, if one succeeded: the way to settle an outcome that was unknown. */
    Optional<String> succeededCharge(String idempotencyKey) {
        return call(() -> {
            JsonNode found = this.provider.get()
                .uri(uri -> uri.path("/v1/charges").queryParam("idempotency_key", idempotencyKey).build())
                .retrieve()
                .body(JsonNode.class);
            JsonNode data = found == null ? null : found.get("data");
            return data == null || data.isEmpty() ? Optional.empty() : Optional.of(data.get(0).get("id").asString());
        });
    }

    /** Refunds the charge in full; a charge refunded before counts as refunded. */
    void refund(String idempotencyKey, String chargeId) {
        call(() -> this.provider.post()
            .uri("/v1/refunds")
            .header("Idempotency-Key", idempotencyKey)
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("charge", chargeId))
            .exchange((request, response) -> {
                if (response.getStatusCode().isSameCodeAs(HttpStatus.CREATED)
                        || response.getStatusCode().isSameCodeAs(HttpStatus.CONFLICT)) {
                    return Boolean.TRUE;
                }
                throw new ProviderUnavailable("refund answered " + response.getStatusCode().value());
            }));
    }

    private <T> T call(Supplier<T> call) {
        try {
            return this.breaker != null ? this.breaker.executeSupplier(call) : call.get();
        }
        catch (RestClientException | CallNotPermittedException ex) {
            throw new ProviderUnavailable(ex.toString());
        }
    }

    /** The provider's answer to a charge: the charge id, or the reason for a decline. */
    record ChargeOutcome(@Nullable String chargeId, @Nullable String declineReason) {
    }

    /** No answer, or a failure of the provider's own: whether money moved is unknown. */
    static final class ProviderUnavailable extends RuntimeException {

        ProviderUnavailable(String message) {
            super("Payment provider unavailable: " + message);
        }
    }
}
