package dev.emporium.orders.order;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An order: what was bought (lines priced as in the cart at checkout), where it goes, and where it stands. Its status
 * changes only through guarded transitions ({@link #confirm}, {@link #cancel}); an illegal one throws
 * {@link IllegalStateException} and leaves the order as it was.
 */
public final class Order {

    private final OrderId id;

    private final String userId;

    private final String idempotencyKey;

    private final List<OrderLine> lines;

    private final ShippingAddress shippingAddress;

    private final String paymentToken;

    private final Instant createdAt;

    private OrderStatus status;

    private @Nullable String reason;

    private Instant updatedAt;

    private Order(OrderId id, String userId, String idempotencyKey, List<OrderLine> lines, ShippingAddress shippingAddress,
            String paymentToken, OrderStatus status, @Nullable String reason, Instant createdAt, Instant updatedAt) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one line");
        }
        String currency = lines.getFirst().unitPrice().currency();
        if (lines.stream().anyMatch(line -> !line.unitPrice().currency().equals(currency))) {
            throw new IllegalArgumentException("the lines of an order share one currency");
        }
        this.id = id;
        this.userId = userId;
        this.idempotencyKey = idempotencyKey;
        this.lines = List.copyOf(lines);
        this.shippingAddress = shippingAddress;
        this.paymentToken = paymentToken;
        this.status = status;
        this.reason = reason;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
    }

    /** A new order, PENDING until it is confirmed or cancelled. */
    public static Order place(OrderId id, String userId, String idempotencyKey, List<OrderLine> lines,
            ShippingAddress shippingAddress, String paymentToken, Instant now) {
        return new Order(id, userId, idempotencyKey, lines, shippingAddress, paymentToken, OrderStatus.PENDING, null, now, now);
    }

    /** An order as it was stored. */
    static Order restore(OrderId id, String userId, String idempotencyKey, List<OrderLine> lines,
            ShippingAddress shippingAddress, String paymentToken, OrderStatus status, @Nullable String reason,
            Instant createdAt, Instant updatedAt) {
        return new Order(id, userId, idempotencyKey, lines, shippingAddress, paymentToken, status, reason, createdAt, updatedAt);
    }

    /** PENDING → CONFIRMED: stock is reserved and payment settled (until payments exist: without a charge). */
    public void confirm(Instant now) {
        transition(OrderStatus.CONFIRMED, null, now);
    }

    /** PENDING → CANCELLED, saying why (shown to the customer). */
    public void cancel(String reason, Instant now) {
        if (reason.isBlank()) {
            throw new IllegalArgumentException("a cancelled order says why");
        }
        transition(OrderStatus.CANCELLED, reason, now);
    }

    private void transition(OrderStatus next, @Nullable String reason, Instant now) {
        if (!this.status.canBecome(next)) {
            throw new IllegalStateException("order " + this.id + " is " + this.status + " and cannot become " + next);
        }
        this.status = next;
        this.reason = reason;
        this.updatedAt = now;
    }

    public OrderId id() {
        return this.id;
    }

    public String userId() {
        return this.userId;
    }

    public String idempotencyKey() {
        return this.idempotencyKey;
    }

    public List<OrderLine> lines() {
        return this.lines;
    }

    public ShippingAddress shippingAddress() {
        return this.shippingAddress;
    }

    public String paymentToken() {
        return this.paymentToken;
    }

    public OrderStatus status() {
        return this.status;
    }

    public @Nullable String reason() {
        return this.reason;
    }

    public Instant createdAt() {
        return this.createdAt;
    }

    public Instant updatedAt() {
        return this.updatedAt;
    }

    public Money total() {
        return this.lines.stream().map(OrderLine::lineTotal).reduce(Money.zero(currency()), Money::plus);
    }

    /** Units ordered, over all lines. */
    public int itemCount() {
        return this.lines.stream().mapToInt(OrderLine::quantity).sum();
    }

    public String currency() {
        return this.lines.getFirst().unitPrice().currency();
    }

    @Override
    public String toString() {
        return "Order[" + this.id + ", " + this.status + "]";
    }
}
