package dev.emporium.payments.payment;

import dev.emporium.platform.sharding.ShardedDatabase;
import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/admin/payments?userId=&orderId=}: an order's payment, for operators and reconciliation (admins
 * only). The user id routes to the user's shard.
 */
@RestController
class PaymentAdminController {

    private final ShardedDatabase shards;

    private final Payments payments;

    PaymentAdminController(ShardedDatabase shards, Payments payments) {
        this.shards = shards;
        this.payments = payments;
    }

    @GetMapping("/api/admin/payments")
    Payment payment(@RequestParam String userId, @RequestParam String orderId) {
        return this.shards.read(userId, jdbc -> this.payments.find(jdbc, orderId, userId))
            .orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND,
                    "Payment not found", "Order " + orderId + " of user " + userId + " has no payment."), null));
    }
}
