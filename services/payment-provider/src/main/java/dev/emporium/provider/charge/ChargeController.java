package dev.emporium.provider.charge;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.emporium.platform.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provider's API, shaped like Stripe's: {@code POST /v1/charges} and {@code POST /v1/refunds}, each with a
 * required {@code Idempotency-Key}, and {@code GET /v1/charges?idempotency_key=} to learn whether a charge whose
 * answer was lost went through.
 * <p>
 * A key names one request for good: the same key answers the stored answer (a decline too), without charging again,
 * and a different request under a used key is a 409. Answers that are failures of the provider itself (the
 * {@code tok_providerError} 500, the injected 503s) are not stored, so the same key may succeed later, as with a real
 * provider.
 */
@RestController
class ChargeController {

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final Charges charges;

    private final TransactionTemplate transaction;

    private final ProviderProperties properties;

    private final JsonMapper json;

    private final Clock clock;

    ChargeController(Charges charges, TransactionTemplate transaction, ProviderProperties properties, JsonMapper json,
            Clock clock) {
        this.charges = charges;
        this.transaction = transaction;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping("/v1/charges")
    ResponseEntity<String> charge(@RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Nullable String key,
            @Valid @RequestBody ChargeRequest request) {
        String idempotencyKey = requireKey(key);
        misbehave();
        String fingerprint = request.amount() + " " + request.currency() + " " + request.source();
        var stored = this.charges.chargeAnswer(idempotencyKey);
        if (stored.isPresent()) {
            return replay(stored.get(), fingerprint);
        }
        String id = "ch_" + UUID.randomUUID().toString().replace("-", "");
        Answer answer = switch (request.source()) {
            case "tok_visa" -> succeeded(id, request);
            case "tok_slow" -> {
                pause(this.properties.slowLatency());
                yield succeeded(id, request);
            }
            case "tok_chargeDeclined" -> new Answer(402, Map.of("error", Map.of("type", "card_error", "code",
                    "card_declined", "message", "Your card was declined.", "charge", id)), false);
            case "tok_providerError" -> throw new ErrorResponseException(HttpStatus.INTERNAL_SERVER_ERROR,
                    Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "Provider error",
                            "tok_providerError: the provider failed (nothing was charged)."), null);
            default -> throw new ErrorResponseException(HttpStatus.BAD_REQUEST, Problems.of(HttpStatus.BAD_REQUEST,
                    "Unknown payment token", "No such token: " + request.source()
                            + ". Test tokens: tok_visa, tok_chargeDeclined, tok_slow, tok_providerError."), null);
        };
        String body = this.json.writeValueAsString(answer.body());
        Boolean inserted = this.transaction.execute(status -> this.charges.insertCharge(id, idempotencyKey, fingerprint,
                request.amount(), request.currency(), request.source(), answer.status(), body, answer.succeeded(),
                this.clock.instant()));
        if (!Boolean.TRUE.equals(inserted)) {
            // A concurrent request with the key was first: its answer is the answer.
            return replay(this.charges.chargeAnswer(idempotencyKey).orElseThrow(), fingerprint);
        }
        return json(answer.status(), body);
    }

    @GetMapping("/v1/charges")
    Map<String, List<Object>> find(@RequestParam("idempotency_key") String key) {
        return Map.of("data", this.charges.succeededWithKey(key).stream().map(body -> (Object) this.json.readTree(body))
            .toList());
    }

    @PostMapping("/v1/refunds")
    ResponseEntity<String> refund(@RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Nullable String key,
            @Valid @RequestBody RefundRequest request) {
        String idempotencyKey = requireKey(key);
        misbehave();
        var stored = this.charges.refundAnswer(idempotencyKey);
        if (stored.isPresent()) {
            return replay(stored.get(), request.charge());
        }
        String body = this.transaction.execute(status -> {
            Charges.Charge charge = this.charges.lock(request.charge())
                .orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND,
                        "No such charge", "No charge " + request.charge() + "."), null));
            if (!charge.succeeded() || charge.refunded()) {
                throw new ErrorResponseException(HttpStatus.CONFLICT, Problems.of(HttpStatus.CONFLICT,
                        charge.refunded() ? "Charge already refunded" : "Charge not succeeded",
                        "Charge " + charge.id() + (charge.refunded() ? " is refunded already." : " took no money.")),
                        null);
            }
            String id = "re_" + UUID.randomUUID().toString().replace("-", "");
            String answer = this.json.writeValueAsString(Map.of("id", id, "object", "refund", "charge", charge.id(),
                    "amount", charge.amount(), "status", "succeeded"));
            this.charges.insertRefund(id, idempotencyKey, charge.id(), charge.amount(), answer, this.clock.instant());
            return answer;
        });
        return json(201, String.valueOf(body));
    }

    private Answer succeeded(String id, ChargeRequest request) {
        return new Answer(201, Map.of("id", id, "object", "charge", "status", "succeeded", "amount", request.amount(),
                "currency", request.currency(), "source", request.source()), true);
    }

    private ResponseEntity<String> replay(Charges.StoredAnswer stored, String request) {
        if (!stored.request().equals(request)) {
            throw new ErrorResponseException(HttpStatus.CONFLICT, Problems.of(HttpStatus.CONFLICT,
                    "Idempotency key reused", "This Idempotency-Key was used for a different request."), null);
        }
        return json(stored.status(), stored.response());
    }

    private static ResponseEntity<String> json(int status, String body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static String requireKey(@Nullable String key) {
        if (key == null || key.isBlank() || key.length() > 200) {
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, Problems.of(HttpStatus.BAD_REQUEST,
                    "Idempotency-Key required", "Send an Idempotency-Key header of 1 to 200 characters."), null);
        }
        return key;
    }

    /** The configured latency, then the configured share of 503s. */
    private void misbehave() {
        pause(this.properties.latency());
        if (ThreadLocalRandom.current().nextDouble() < this.properties.failureRate()) {
            throw new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
                    "Provider unavailable", "Injected failure (emporium.provider.failure-rate); nothing was done."), null);
        }
    }

    private static void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    record ChargeRequest(@NotNull @Positive Long amount, @NotBlank @Pattern(regexp = "[A-Z]{3}") String currency,
            @NotBlank @Size(max = 100) String source) {
    }

    record RefundRequest(@NotBlank @Size(max = 40) String charge) {
    }

    private record Answer(int status, Map<String, ?> body, boolean succeeded) {
    }
}
