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
    void theSagaConfirmsAnOrderStepByStep() {
        Order order = place(List.of(line("p1", 1, 100)));
        assertThat(order.step()).isEqualTo(SagaStep.RESERVING);

        assertThat(order.stockReserved(LATER)).isTrue();
        assertThat(order.step()).isEqualTo(SagaStep.CHARGING);
        assertThat(order.paymentCaptured(LATER)).isTrue();
        assertThat(order.step()).isEqualTo(SagaStep.COMMITTING);
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.stockCommitted(LATER.plusSeconds(1))).isTrue();

        assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(order.step()).isEqualTo(SagaStep.DONE);
        assertThat(order.updatedAt()).isEqualTo(LATER.plusSeconds(1));
        assertThat(order.createdAt()).isEqualTo(PLACED);
    }

    @Test
    void aStepThatDoesNotFitWhereTheOrderStandsChangesNothing() {
        Order order = place(List.of(line("p1", 1, 100)));

        assertThat(order.paymentCaptured(LATER)).as("captured before reserved").isFalse();
        assertThat(order.stockCommitted(LATER)).as("committed before paid").isFalse();
        assertThat(order.cancel(SagaStep.CHARGING, "declined", LATER)).as("declined before charged").isFalse();
        assertThat(order.step()).isEqualTo(SagaStep.RESERVING);
        assertThat(order.updatedAt()).isEqualTo(PLACED);

        assertThat(order.stockReserved(LATER)).isTrue();
        assertThat(order.stockReserved(LATER)).as("reserved twice").isFalse();
        assertThat(order.step()).isEqualTo(SagaStep.CHARGING);
    }

    @Test
    void aPendingOrderIsCancelledWithAReasonAtItsStep() {
        Order order = place(List.of(line("p1", 1, 100)));
        order.stockReserved(LATER);

        assertThat(order.cancel(SagaStep.CHARGING, "payment declined", LATER.plusSeconds(1))).isTrue();

        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.step()).isEqualTo(SagaStep.DONE);
        assertThat(order.reason()).isEqualTo("payment declined");
        assertThat(order.updatedAt()).isEqualTo(LATER.plusSeconds(1));
    }

    @Test
    void confirmedAndCancelledOrdersAreFinal() {
        Order confirmed = place(List.of(line("p1", 1, 100)));
        confirmed.stockReserved(LATER);
        confirmed.paymentCaptured(LATER);
        confirmed.stockCommitted(LATER);
        Order cancelled = place(List.of(line("p1", 1, 100)));
        cancelled.cancel(null, "out of stock", LATER);

        for (Order order : List.of(confirmed, cancelled)) {
            assertThat(order.cancel(null, "changed my mind", LATER.plusSeconds(1))).isFalse();
            assertThat(order.stockReserved(LATER.plusSeconds(1))).isFalse();
            assertThat(order.paymentCaptured(LATER.plusSeconds(1))).isFalse();
            assertThat(order.stockCommitted(LATER.plusSeconds(1))).isFalse();
            assertThat(order.updatedAt()).isEqualTo(LATER);
            assertThatIllegalStateException().isThrownBy(() -> order.redriven(LATER.plusSeconds(1)));
        }
        assertThat(confirmed.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(confirmed.reason()).isNull();
        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.reason()).isEqualTo("out of stock");
    }

    @Test
    void cancellingNeedsAReason() {
        Order order = place(List.of(line("p1", 1, 100)));

        assertThatIllegalArgumentException().isThrownBy(() -> order.cancel(null, " ", LATER));
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
    }

    @Test
    void aRedriveIsCounted() {
        Order order = place(List.of(line("p1", 1, 100)));

        order.redriven(LATER);

        assertThat(order.redrives()).isEqualTo(1);
        assertThat(order.updatedAt()).isEqualTo(LATER);
        assertThat(order.step()).isEqualTo(SagaStep.RESERVING);
    }

    @Test
    void anOrderHasLinesInOneCurrency() {
        assertThatIllegalArgumentException().isThrownBy(() -> place(List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> place(List.of(line("p1", 1, 100),
                new OrderLine("p2", "Mug", null, 1, new Money(100, "EUR")))));
        assertThatIllegalArgumentException().isThrownBy(() -> line("p1", 0, 100));
    }

    private static Order place(List<OrderLine> lines) {
        return Order.place(OrderId.forCheckout("user-1", "key-1"), "user-1", "key-1", lines, ADDRESS, "tok_visa",
                new Customer("ada@example.test", "Ada"), PLACED);
    }

    private static OrderLine line(String productId, int quantity, long unitPrice) {
        return new OrderLine(productId, "Product " + productId, "/media/" + productId + ".svg", quantity, new Money(unitPrice, "USD"));
    }
}
