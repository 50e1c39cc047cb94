package dev.emporium.provider;

import java.util.Map;
import java.util.UUID;

import dev.emporium.testsupport.HttpTestClient;
import dev.emporium.testsupport.HttpTestClient.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator over real HTTP: its test tokens, idempotency keys, refunds and injected failures. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=payment-provider",
        "spring.datasource.url=jdbc:h2:mem:provider;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "emporium.provider.slow-latency=300ms" })
class PaymentProviderIntegrationTests {

    @LocalServerPort
    int port;

    HttpTestClient http;

    @BeforeEach
    void client() {
        this.http = HttpTestClient.forPort(this.port);
    }

    @Test
    void aVisaTokenIsChargedOnceWhateverTheRetries() {
        String key = "charge-" + UUID.randomUUID();

        Response first = charge(key, 4498, "tok_visa");
        Response again = charge(key, 4498, "tok_visa");

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("status").asString()).isEqualTo("succeeded");
        assertThat(first.json().get("amount").asLong()).isEqualTo(4498);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json()).isEqualTo(first.json());
        JsonNode found = this.http.get("/v1/charges?idempotency_key=" + key).json().get("data");
        assertThat(found.size()).isEqualTo(1);
        assertThat(found.get(0).get("id").asString()).isEqualTo(first.json().get("id").asString());
    }

    @Test
    void aDeclineIsStoredAndAnsweredAgainForTheSameKey() {
        String key = "charge-" + UUID.randomUUID();

        Response declined = charge(key, 1000, "tok_chargeDeclined");

        assertThat(declined.status()).isEqualTo(402);
        assertThat(declined.json().at("/error/code").asString()).isEqualTo("card_declined");
        assertThat(charge(key, 1000, "tok_chargeDeclined").json()).isEqualTo(declined.json());
        assertThat(this.http.get("/v1/charges?idempotency_key=" + key).json().get("data").size()).isZero();
    }

    @Test
    void aSlowTokenApprovesLateAndAFailingProviderChargesNothing() {
        long start = System.nanoTime();
        assertThat(charge("slow-" + UUID.randomUUID(), 500, "tok_slow").status()).isEqualTo(201);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);

        String key = "failing-" + UUID.randomUUID();
        charge(key, 500, "tok_providerError").assertProblem(500, "Provider error");
        assertThat(this.http.get("/v1/charges?idempotency_key=" + key).json().get("data").size()).isZero();
    }

    @Test
    void aKeyNamesOneRequestAndBadRequestsAreRefused() {
        String key = "charge-" + UUID.randomUUID();
        assertThat(charge(key, 1000, "tok_visa").status()).isEqualTo(201);

        charge(key, 2000, "tok_visa").assertProblem(409, "Idempotency key reused");
        this.http.call(HttpMethod.POST, "/v1/charges", Map.of("amount", 1, "currency", "USD", "source", "tok_visa"), null,
                Map.of()).assertProblem(400, "Idempotency-Key required");
        charge("unknown-" + UUID.randomUUID(), 1000, "tok_stolen").assertProblem(400, "Unknown payment token");
        Response invalid = this.http.call(HttpMethod.POST, "/v1/charges", Map.of("amount", -5, "currency", "usd"), null,
                Map.of("Idempotency-Key", "invalid-" + UUID.randomUUID()));
        invalid.assertProblem(400, "Validation failed");
        assertThat(invalid.errorFields()).containsExactlyInAnyOrder("amount", "currency", "source");
    }

    @Test
    void aChargeIsRefundedOnceInFull() {
        String chargeId = charge("charge-" + UUID.randomUUID(), 2500, "tok_visa").json().get("id").asString();
        String key = "refund-" + UUID.randomUUID();

        Response refund = refund(key, chargeId);
        Response again = refund(key, chargeId);

        assertThat(refund.status()).isEqualTo(201);
        assertThat(refund.json().get("amount").asLong()).isEqualTo(2500);
        assertThat(again.json()).isEqualTo(refund.json());
        refund("another-" + UUID.randomUUID(), chargeId).assertProblem(409, "Charge already refunded");
        refund("missing-" + UUID.randomUUID(), "ch_missing").assertProblem(404, "No such charge");
        String declined = charge("declined-" + UUID.randomUUID(), 100, "tok_chargeDeclined").json().at("/error/charge")
            .asString();
        refund("declined-" + UUID.randomUUID(), declined).assertProblem(409, "Charge not succeeded");
    }

    private Response charge(String key, long amount, String token) {
        return this.http.call(HttpMethod.POST, "/v1/charges", Map.of("amount", amount, "currency", "USD", "source", token),
                null, Map.of("Idempotency-Key", key));
    }

    private Response refund(String key, String chargeId) {
        return this.http.call(HttpMethod.POST, "/v1/refunds", Map.of("charge", chargeId), null,
                Map.of("Idempotency-Key", key));
    }

    /** Every request fails before anything is done. */
    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "spring.config.name=payment-provider",
            "spring.datasource.url=jdbc:h2:mem:provider-failing;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
            "emporium.provider.failure-rate=1.0" })
    class WhenFailing {

        @LocalServerPort
        int failingPort;

        @Test
        void everyRequestIsA503AndNothingIsCharged() {
            HttpTestClient failing = HttpTestClient.forPort(this.failingPort);
            String key = "charge-" + UUID.randomUUID();
            failing.call(HttpMethod.POST, "/v1/charges", Map.of("amount", 100, "currency", "USD", "source", "tok_visa"),
                    null, Map.of("Idempotency-Key", key)).assertProblem(503, "Provider unavailable");
            assertThat(failing.get("/v1/charges?idempotency_key=" + key).json().get("data").size()).isZero();
        }
    }
}
