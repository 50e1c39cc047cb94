package dev.emporium.orders.order;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An order: what was bought (lines priced as in the cart at checkout), where it goes, who bought it, and where it
 * stands. A new order is PENDING while the saga runs ({@link SagaStep}: stock reserved, payment captured, stock
 * committed, then CONFIRMED), or it is CANCELLED with a reason the customer reads.
 * <p>
 * Saga steps are guarded: each says whether it applied. A step that does not fit where the order stands (a message
 * delivered twice, late or out of order) changes nothing and returns {@code false}, so the saga sends nothing on.
 */
public final class Order {

    private final OrderId id;

    private final String userId;

    private final String idempotencyKey;

    private final List<OrderLine> lines;

    private final ShippingAddress shippingAddress;

    private final String paymentToken;

    private final Customer customer;

    private final Instant createdAt;

    private SagaStep step;

    private int redrives;

    private OrderStatus status;

    private @Nullable String reason;

    private Instant updatedAt;

    private Order(OrderId id, String userId, String idempotencyKey, List<OrderLine> lines, ShippingAddress shippingAddress,
            String paymentToken, Customer customer, OrderStatus status, SagaStep step, int redrives,
            @Nullable String reason, Instant createdAt, Instant updatedAt) {
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
        this.customer = customer;
        this.status = status;
        this.step = step;
        this.redrives = redrives;
        this.reason = reason;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
    }

    /** A new order, PENDING, waiting for its stock to be reserved. */
    public static Order place(OrderId id, String userId, String idempotencyKey, List<OrderLine> lines,
            ShippingAddress shippingAddress, String paymentToken, Customer customer, Instant now) {
        return new Order(id, userId, idempotencyKey, lines, shippingAddress, paymentToken, customer, OrderStatus.PENDING,
                SagaStep.RESERVING, 0, null, now, now);
    }

    /** An order as it was stored. */
    static Order restore(OrderId id, String userId, String idempotencyKey, List<OrderLine> lines,
            ShippingAddress shippingAddress, String paymentToken, Customer customer, OrderStatus status, SagaStep step,
            int redrives, @Nullable String reason, Instant createdAt, Instant updatedAt) {
        return new Order(id, userId, idempotencyKey, lines, shippingAddress, paymentToken, customer, status, step,
                redrives, reason, createdAt, updatedAt);
    }

    /** Stock is reserved: now the payment. */
    public boolean stockReserved(Instant now) {
        return advance(SagaStep.RESERVING, SagaStep.CHARGING, now);
    }

    /** The payment is captured: now the reservation is committed. */
    public boolean paymentCaptured(Instant now) {
        return advance(SagaStep.CHARGING, SagaStep.COMMITTING, now);
    }

    /** The reservation is committed: PENDING → CONFIRMED. */
    public boolean stockCommitted(Instant now) {
        if (!advance(SagaStep.COMMITTING, SagaStep.DONE, now)) {
            return false;
        }
        this.status = OrderStatus.CONFIRMED;
        return true;
    }

    /**
     * PENDING → CANCELLED at the given step, saying why (shown to the customer); any step when {@code during} is
     * {@code null}.
     */
    public boolean cancel(@Nullable SagaStep during, String reason, Instant now) {
        if (reason.isBlank()) {
            throw new IllegalArgumentException("a cancelled order says why");
        }
        if (this.status != OrderStatus.PENDING || (during != null && this.step != during)) {
            return false;
        }
        this.status = OrderStatus.CANCELLED;
        this.step = SagaStep.DONE;
        this.reason = reason;
        this.updatedAt = now;
        return true;
    }

    /** The current step's request was sent again, because nothing came back for too long. */
    public void redriven(Instant now) {
        if (this.status != OrderStatus.PENDING) {
            throw new IllegalStateException("order " + this.id + " is " + this.status + ": nothing to drive");
        }
        this.redrives++;
        this.updatedAt = now;
    }

    private boolean advance(SagaStep from, SagaStep to, Instant now) {
        if (this.status != OrderStatus.PENDING || this.step != from) {
            return false;
        }
        this.step = to;
        this.updatedAt = now;
        return true;
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

    public Customer customer() {
        return this.customer;
    }

    public OrderStatus status() {
        return this.status;
    }

    public SagaStep step() {
        return this.step;
    }

    public int redrives() {
        return this.redrives;
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
        return "Order[" + this.id + ", " + this.status + ", " + this.step + "]";
    }
}
