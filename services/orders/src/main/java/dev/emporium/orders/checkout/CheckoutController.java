package dev.emporium.orders.checkout;

import java.net.URI;

import dev.emporium.orders.order.Customer;
import dev.emporium.orders.order.Order;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/orders}: checks out the caller's cart. Answers 202 with the order's id and status, and its
 * location; the same {@code Idempotency-Key} answers the same order.
 * <p>
 * The key is checked by hand rather than with constraints on the parameter: those would switch the method to method
 * validation, which reports body errors under the parameter's name instead of each field's path.
 */
@RestController
class CheckoutController {

    private final Checkout checkout;

    CheckoutController(Checkout checkout) {
        this.checkout = checkout;
    }

    @PostMapping("/api/orders")
    ResponseEntity<CheckoutAccepted> checkout(@AuthenticationPrincipal Jwt user,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) @Nullable String idempotencyKey,
            @Valid @RequestBody CheckoutRequest request) {
        IdempotencyKey key = IdempotencyKey.of(idempotencyKey);
        Order order = this.checkout.checkout(user.getSubject(), "Bearer " + user.getTokenValue(),
                new Customer(user.getClaimAsString("email"), user.getClaimAsString("name")), key, request);
        return ResponseEntity.accepted()
            .location(URI.create("/api/orders/" + order.id()))
            .body(new CheckoutAccepted(order.id().toString(), order.status()));
    }
}
