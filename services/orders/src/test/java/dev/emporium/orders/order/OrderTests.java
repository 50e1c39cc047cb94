package dev.emporium.orders.order;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class OrderTests {

    static final Instant PLACED = Instant.parse("2026-01-02T10:00:00Z");

    static final Instant LATER = PLACED.plusSeconds(60);

    static final ShippingAddress ADDRESS = new ShippingAddress("Ada Lovelace", "1 Analytical St", "London", "N1 9GU", "GB");

    @Test
    void aPlacedOrderIsPendingAndTotalsItsLines() {
        Order order = place(List.of(line("p1", 2, 1999), line("p2", 1, 500)));

        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.reason()).isNull();
        assertThat(order.total()).isEqualTo(new Money(4498, "USD"));
        assertThat(order.itemCount()).isEqualTo(3);
        assertThat(order.createdAt()).isEqualTo(PLACED);
        assertThat(order.updatedAt()).isEqualTo(PLACED);
        assertThat(order.lines()).extracting(OrderLine::lineTotal).containsExactly(new Money(3998, "USD"), new Money(500, "USD"));
    }

    @Test
    void aPendingOrderIsConfirmed() {
        Order order = place(List.of(line("p1", 1, 100)));

        order.confirm(LATER);

        assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(order.updatedAt()).isEqualTo(LATER);
        assertThat(order.createdAt()).isEqualTo(PLACED);
    }

    @Test
    void aPendingOrderIsCancelledWithAReason() {
        Order order = place(List.of(line("p1", 1, 100)));

        order.cancel("payment declined", LATER);

        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.reason()).isEqualTo("payment declined");
        assertThat(order.updatedAt()).isEqualTo(LATER);
    }

    @Test
    void aConfirmedOrderIsNeitherConfirmedAgainNorCancelled() {
        Order order = place(List.of(line("p1", 1, 100)));
        order.confirm(LATER);

        assertThatIllegalStateException().isThrownBy(() -> order.confirm(LATER)).withMessageContaining("CONFIRMED");
        assertThatIllegalStateException().isThrownBy(() -> order.cancel("changed my mind", LATER));
        assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(order.reason()).isNull();
    }

    @Test
    void aCancelledOrderStaysCancelled() {
        Order order = place(List.of(line("p1", 1, 100)));
        order.cancel("out of stock", LATER);

        assertThatIllegalStateException().isThrownBy(() -> order.confirm(LATER.plusSeconds(1)));
        assertThatIllegalStateException().isThrownBy(() -> order.cancel("again", LATER.plusSeconds(1)));
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.reason()).isEqualTo("out of stock");
        assertThat(order.updatedAt()).isEqualTo(LATER);
    }

    @Test
    void cancellingNeedsAReason() {
        Order order = place(List.of(line("p1", 1, 100)));

        assertThatIllegalArgumentException().isThrownBy(() -> order.cancel(" ", LATER));
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
    }

    @Test
    void anOrderHasLinesInOneCurrency() {
        assertThatIllegalArgumentException().isThrownBy(() -> place(List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> place(List.of(line("p1", 1, 100),
                new OrderLine("p2", "Mug", null, 1, new Money(100, "EUR")))));
        assertThatIllegalArgumentException().isThrownBy(() -> line("p1", 0, 100));
    }

    @Test
    void onlyPendingOrdersChangeStatus() {
        assertThat(OrderStatus.PENDING.canBecome(OrderStatus.CONFIRMED)).isTrue();
        assertThat(OrderStatus.PENDING.canBecome(OrderStatus.CANCELLED)).isTrue();
        assertThat(OrderStatus.PENDING.canBecome(OrderStatus.PENDING)).isFalse();
        for (OrderStatus next : OrderStatus.values()) {
            assertThat(OrderStatus.CONFIRMED.canBecome(next)).isFalse();
            assertThat(OrderStatus.CANCELLED.canBecome(next)).isFalse();
        }
    }

    private static Order place(List<OrderLine> lines) {
        return Order.place(OrderId.forCheckout("user-1", "key-1"), "user-1", "key-1", lines, ADDRESS, "tok_visa", PLACED);
    }

    private static OrderLine line(String productId, int quantity, long unitPrice) {
        return new OrderLine(productId, "Product " + productId, "/media/" + productId + ".svg", quantity, new Money(unitPrice, "USD"));
    }
}
