package dev.emporium.orders.checkout;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import dev.emporium.orders.order.Customer;
import dev.emporium.orders.order.Order;
import dev.emporium.orders.order.OrderId;
import dev.emporium.orders.order.OrderLine;
import dev.emporium.orders.order.Orders;
import dev.emporium.orders.saga.OrderSaga;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Turns the caller's cart into a PENDING order, at most once per (user, idempotency key), and starts its saga
 * (DESIGN §5): the answer is 202 before any stock is reserved or money charged.
 * <ol>
 * <li>The order id is derived from the user and the key ({@link OrderId#forCheckout}); if that order exists, it is
 * the answer, and the cart is not touched again.</li>
 * <li>The cart is read at the cart service; an empty cart is a 409.</li>
 * <li>The order, its lines and the saga's first message ({@code inventory.reserve-stock}, into the outbox) are
 * inserted in one transaction on the user's shard: the order exists if and only if its saga will run. A concurrent
 * request with the same key that inserted first makes the insert fail on the unique key: its order is the
 * answer.</li>
 * <li>The ordered lines are removed from the cart, each only if its quantity is unchanged, so whatever the customer
 * added or changed meanwhile stays; a line that cannot be removed is only logged, the others are still tried, and
 * the order stands.</li>
 * </ol>
 * The cart service being unreachable is a 503 before anything is written; a retry with the same key is safe.
 */
@Service
class Checkout {

    private static final Logger log = LoggerFactory.getLogger(Checkout.class);

    private final Orders orders;

    private final CartClient cart;

    private final OrderSaga saga;

    private final Clock clock;

    private final Counter placed;

    Checkout(Orders orders, CartClient cart, OrderSaga saga, Clock clock, MeterRegistry meters) {
        this.orders = orders;
        this.cart = cart;
        this.saga = saga;
        this.clock = clock;
        this.placed = Counter.builder("emporium.orders.placed")
            .description("Orders checkout accepted (new orders; a repeated Idempotency-Key is not counted again)")
            .register(meters);
    }

    /**
     * @param authorization the caller's {@code Authorization} header, forwarded to cart
     * @param customer who the order's emails go to
     */
    Order checkout(String userId, String authorization, Customer customer, IdempotencyKey key,
            CheckoutRequest request) {
        OrderId id = OrderId.forCheckout(userId, key.value());
        Optional<Order> placed = this.orders.find(id, userId);
        if (placed.isPresent()) {
            return placed.get();
        }

        List<OrderLine> lines = this.cart.lines(authorization);
        if (lines.isEmpty()) {
            // A concurrent request with this key may have placed the order and removed its lines since we looked.
            return this.orders.find(id, userId).orElseThrow(CartEmpty::new);
        }

        Order order = Order.place(id, userId, key.value(), lines, request.shippingAddress().toShippingAddress(),
                request.paymentToken(), customer, this.clock.instant());
        try {
            this.orders.insert(order, jdbc -> this.saga.start(jdbc, order));
            this.placed.increment();
        }
        catch (DuplicateKeyException raced) {
            log.debug("Order {} was placed meanwhile by a concurrent request with the same key", id);
            return this.orders.find(id, userId).orElseThrow(() -> raced);
        }

        List<String> left = this.cart.removeOrdered(lines, authorization);
        if (!left.isEmpty()) {
            log.warn("Order {} was placed, but the lines of products {} could not be removed from the cart of user {}",
                    id, left, userId);
        }
        return order;
    }
}
