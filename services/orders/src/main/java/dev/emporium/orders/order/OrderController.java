package dev.emporium.orders.order;

import java.util.List;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The caller's orders; the user is the token's subject, and only their own orders exist for them. */
@RestController
class OrderController {

    private final Orders orders;

    OrderController(Orders orders) {
        this.orders = orders;
    }

    @GetMapping("/api/orders")
    List<OrderSummary> list(@AuthenticationPrincipal Jwt user) {
        return this.orders.summaries(user.getSubject());
    }

    @GetMapping("/api/orders/{id}")
    OrderDetails order(@AuthenticationPrincipal Jwt user, @PathVariable String id) {
        return OrderId.parse(id)
            .flatMap(orderId -> this.orders.find(orderId, user.getSubject()))
            .map(OrderDetails::of)
            .orElseThrow(OrderNotFound::new);
    }
}
