package dev.emporium.orders.checkout;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.emporium.orders.order.Order;
import dev.emporium.orders.order.OrderId;
import dev.emporium.orders.order.OrderLine;
import dev.emporium.orders.order.Orders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Turns the caller's cart into an order, at most once per (user, idempotency key). Synchronous for now: a later
 * issue moves the steps after the insert behind an outbox (DESIGN §5).
 * <ol>
 * <li>The order id is derived from the user and the key ({@link OrderId#forCheckout}); if that order exists, it is
 * the answer, and neither cart nor stock is touched again.</li>
 * <li>The cart is read at the cart service; an empty cart is a 409.</li>
 * <li>Stock is reserved at inventory under the order id (idempotent there); a shortage is a 409 naming the products,
 * and no order is created.</li>
 * <li>The order and its lines are inserted in one transaction, CONFIRMED (no charge until payments exist). A
 * concurrent request with the same key that inserted first makes the insert fail on the unique key: its order is
 * the answer.</li>
 * <li>The ordered lines are removed from the cart, each only if its quantity is unchanged, so whatever the customer
 * added or changed meanwhile stays; a line that cannot be removed is only logged, the others are still tried, and
 * the order stands.</li>
 * </ol>
 * The other services being unreachable is a 503 before anything is written; a retry with the same key is safe.
 */
@Service
class Checkout {

    private static final Logger log = LoggerFactory.getLogger(Checkout.class);

    private final Orders orders;

    private final CartClient cart;

    private final InventoryClient inventory;

    private final Clock clock;

    Checkout(Orders orders, CartClient cart, InventoryClient inventory, Clock clock) {
        this.orders = orders;
        this.cart = cart;
        this.inventory = inventory;
        this.clock = clock;
    }

    /**
     * @param authorization the caller's {@code Authorization} header, forwarded to cart and inventory
     */
    Order checkout(String userId, String authorization, IdempotencyKey key, CheckoutRequest request) {
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

        this.inventory.reserve(id, lines, authorization);

        Instant now = this.clock.instant();
        Order order = Order.place(id, userId, key.value(), lines, request.shippingAddress().toShippingAddress(),
                request.paymentToken(), now);
        order.confirm(now);
        try {
            this.orders.insert(order);
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
