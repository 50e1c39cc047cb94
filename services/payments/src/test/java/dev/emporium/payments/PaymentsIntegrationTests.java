package dev.emporium.payments;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.emporium.platform.messaging.Deliveries;
import dev.emporium.platform.messaging.Envelope;
import dev.emporium.platform.messaging.MessageTransport;
import dev.emporium.platform.messaging.PublishFailed;
import dev.emporium.platform.messaging.RetryPolicy;
import dev.emporium.platform.messaging.Subscription;
import dev.emporium.provider.PaymentProviderApplication;
import dev.emporium.testsupport.HttpTestClient;
import dev.emporium.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Payments on the saga's commands, on H2 shards and the in-process transport, against the real payment-provider
 * simulator (started in this JVM on a free port), whose own records count the charges.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=payments",
        "emporium.sharding.manage-directory=true",
        "emporium.sharding.directory.url=jdbc:h2:mem:payments-directory" + PaymentsIntegrationTests.H2,
        "emporium.sharding.shards.s0.url=jdbc:h2:mem:payments-s0" + PaymentsIntegrationTests.H2,
        "emporium.sharding.shards.s1.url=jdbc:h2:mem:payments-s1" + PaymentsIntegrationTests.H2,
        "emporium.messaging.retry-backoff=100ms,200ms",
        "emporium.messaging.relay.poll-interval=100ms" })
@Import(TestJwtIssuer.Configuration.class)
class PaymentsIntegrationTests {

    static final String H2 = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";

    static final JsonMapper json = JsonMapper.builder().build();

    static final String ADMIN = TestJwtIssuer.bearer("admin-1", "customer", "admin");

    static final ConfigurableApplicationContext provider = new SpringApplicationBuilder(PaymentProviderApplication.class)
        .run("--spring.config.name=payment-provider", "--server.port=0", "--emporium.provider.slow-latency=300ms",
                "--spring.datasource.url=jdbc:h2:mem:provider" + H2);

    static final String PROVIDER = "http://localhost:" + provider.getEnvironment().getProperty("local.server.port");

    @DynamicPropertySource
    static void theProvider(DynamicPropertyRegistry registry) {
        registry.add("emporium.payments.provider.url", () -> PROVIDER);
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    MessageTransport transport;

    HttpTestClient http;

    final Map<String, List<Envelope>> answers = new ConcurrentHashMap<>();

    AutoCloseable listening;

    @BeforeEach
    void listen() {
        this.http = HttpTestClient.forPort(this.port);
        this.transport.declareExchange("emporium.orders");
        Subscription subscription = new Subscription("test.payments-" + UUID.randomUUID(),
                List.of(new Subscription.Binding("payments", "payment.*")),
                delivery -> this.answers.computeIfAbsent(delivery.envelope().subject(), key -> new CopyOnWriteArrayList<>())
                    .add(delivery.envelope()));
        RetryPolicy once = new RetryPolicy(List.of());
        this.listening = this.transport.consume(subscription, once, 1, new Deliveries(subscription, once, json, null));
    }

    @org.junit.jupiter.api.AfterEach
    void stopListening() throws Exception {
        this.listening.close();
    }

    @Test
    void aChargeIsCapturedOnceHoweverOftenItIsAskedFor() {
        String order = UUID.randomUUID().toString();
        Envelope charge = charge(order, 4498, "tok_visa");

        send(charge);

        Envelope captured = awaitAnswer(order, "payment.captured");
        assertThat(captured.data().get("amountMinor").asLong()).isEqualTo(4498);
        assertThat(captured.data().get("currency").asString()).isEqualTo("USD");
        JsonNode payment = payment(order);
        assertThat(payment.get("status").asString()).isEqualTo("CAPTURED");
        assertThat(payment.get("providerChargeId").asString()).startsWith("ch_");
        assertThat(payment.get("refunded").asBoolean()).isFalse();
        assertThat(payment.get("id").asString()).isEqualTo(captured.data().get("paymentId").asString());

        // The same message again: no effect, no answer. A new message for the same order: the same answer.
        send(charge);
        send(charge(order, 4498, "tok_visa"));
        await().until(() -> this.answers.get(order).size() == 2);
        await().during(Duration.ofMillis(300)).until(() -> this.answers.get(order).size() == 2);
        assertThat(types(order)).containsExactly("payment.captured", "payment.captured");
        assertThat(payment(order)).isEqualTo(payment);
        assertThat(chargesAtTheProvider(order)).isEqualTo(1);
    }

    @Test
    void aDeclinedCardIsDeclinedWithAReason() {
        String order = UUID.randomUUID().toString();

        send(charge(order, 1000, "tok_chargeDeclined"));

        Envelope declined = awaitAnswer(order, "payment.declined");
        assertThat(declined.data().get("reason").asString()).isEqualTo("Your card was declined.");
        assertThat(payment(order).get("status").asString()).isEqualTo("DECLINED");
        assertThat(chargesAtTheProvider(order)).isZero();
    }

    @Test
    void aSlowProviderStillCaptures() {
        String order = UUID.randomUUID().toString();

        send(charge(order, 700, "tok_slow"));

        awaitAnswer(order, "payment.captured");
        assertThat(chargesAtTheProvider(order)).isEqualTo(1);
    }

    @Test
    void aProviderThatKeepsFailingIsRetriedThenTheOrderIsToldNothingWasCharged() {
        String order = UUID.randomUUID().toString();
        long sent = System.nanoTime();

        send(charge(order, 1000, "tok_providerError"));

        Envelope failed = awaitAnswer(order, "payment.failed");
        // Three attempts with the backoff of 100 ms and 200 ms between them: the answer cannot come sooner.
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(failed.data().get("reason").asString())
            .isEqualTo("The payment could not be processed; you have not been charged.");
        assertThat(payment(order).get("status").asString()).isEqualTo("FAILED");
        assertThat(chargesAtTheProvider(order)).isZero();
    }

    @Test
    void aCaptureIsRefundedOnceAndNothingElseIs() {
        String order = UUID.randomUUID().toString();
        send(charge(order, 2500, "tok_visa"));
        awaitAnswer(order, "payment.captured");

        send(refund(order));
        send(refund(order));

        Envelope refunded = awaitAnswer(order, "payment.refunded");
        assertThat(refunded.data().get("amountMinor").asLong()).isEqualTo(2500);
        JsonNode payment = payment(order);
        assertThat(payment.get("status").asString()).isEqualTo("REFUNDED");
        assertThat(payment.get("refunded").asBoolean()).isTrue();
        await().until(() -> types(order).stream().filter("payment.refunded"::equals).count() == 2);
        // The charge is refunded at the provider (a second refund there would be a 409 "already refunded").
        String chargeId = payment.get("providerChargeId").asString();
        HttpTestClient.forUrl(PROVIDER)
            .call(org.springframework.http.HttpMethod.POST, "/v1/refunds", Map.of("charge", chargeId), null,
                    Map.of("Idempotency-Key", "test-" + order))
            .assertProblem(409, "Charge already refunded");

        String declined = UUID.randomUUID().toString();
        send(charge(declined, 100, "tok_chargeDeclined"));
        awaitAnswer(declined, "payment.declined");
        send(refund(declined));
        send(refund(UUID.randomUUID().toString()));
        await().during(Duration.ofMillis(500)).until(() -> types(declined).equals(List.of("payment.declined")));
        assertThat(payment(declined).get("status").asString()).isEqualTo("DECLINED");
    }

    @Test
    void paymentsAreForAdminsOnly() {
        this.http.get("/api/admin/payments?userId=user-1&orderId=none", ADMIN).assertProblem(404, "Payment not found");
        this.http.get("/api/admin/payments?userId=user-1&orderId=none", TestJwtIssuer.bearer("user-1")).assertProblem(403);
        this.http.get("/api/admin/payments?orderId=none", ADMIN).assertProblem(400);
    }

    private Envelope charge(String order, long amount, String token) {
        return command("payments.charge", order, Map.of("orderId", order, "userId", "user-1", "amountMinor", amount,
                "currency", "USD", "paymentToken", token));
    }

    private Envelope refund(String order) {
        return command("payments.refund", order, Map.of("orderId", order, "userId", "user-1"));
    }

    private static Envelope command(String type, String order, Map<String, Object> data) {
        return new Envelope(UUID.randomUUID().toString(), type, 1, "orders", Instant.now(), order, null,
                json.valueToTree(data));
    }

    private void send(Envelope command) {
        try {
            this.transport.publish(command.exchange(), command.type(), command.id(), command.toJson(json));
        }
        catch (PublishFailed ex) {
            throw new IllegalStateException(ex);
        }
    }

    private Envelope awaitAnswer(String order, String type) {
        return await().until(() -> this.answers.getOrDefault(order, List.of()).stream()
            .filter(answer -> answer.type().equals(type))
            .findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    private List<String> types(String order) {
        return this.answers.getOrDefault(order, List.of()).stream().map(Envelope::type).toList();
    }

    private JsonNode payment(String order) {
        return this.http.get("/api/admin/payments?userId=user-1&orderId=" + order, ADMIN).expect(200).json();
    }

    private static int chargesAtTheProvider(String order) {
        return HttpTestClient.forUrl(PROVIDER).get("/v1/charges?idempotency_key=charge-" + order).json().get("data").size();
    }
}
