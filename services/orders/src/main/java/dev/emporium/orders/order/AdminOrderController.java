package dev.emporium.orders.order;

import java.util.List;

import dev.emporium.platform.sharding.Scatter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Orders across all users, for admins ({@code /api/admin/**} needs the admin role): a query of every shard at once.
 * When a shard does not answer within the deadline the answer says so ({@code complete: false},
 * {@code missingShards}) rather than failing or pretending to be whole.
 */
@RestController
@Validated
class AdminOrderController {

    private final Orders orders;

    AdminOrderController(Orders orders) {
        this.orders = orders;
    }

    record LatestOrders(List<AdminOrderSummary> orders, boolean complete, List<String> missingShards) {
    }

    @GetMapping("/api/admin/orders")
    LatestOrders latest(@RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit) {
        Scatter<AdminOrderSummary> latest = this.orders.latest(limit);
        return new LatestOrders(latest.rows(), latest.complete(), latest.missingShards());
    }
}
