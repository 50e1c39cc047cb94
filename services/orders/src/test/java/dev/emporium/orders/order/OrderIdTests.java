package dev.emporium.orders.order;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderIdTests {

    @Test
    void aCheckoutIdDependsOnTheUserAndTheKeyOnly() {
        OrderId id = OrderId.forCheckout("user-1", "key-1");

        assertThat(OrderId.forCheckout("user-1", "key-1")).isEqualTo(id);
        assertThat(OrderId.forCheckout("user-1", "key-2")).isNotEqualTo(id);
        assertThat(OrderId.forCheckout("user-2", "key-1")).isNotEqualTo(id);
        assertThat(OrderId.forCheckout("user-1k", "ey-1")).isNotEqualTo(id);
        assertThat(id.value().version()).isEqualTo(3);
    }

    @Test
    void parsesOnlyCanonicalUuids() {
        OrderId id = new OrderId(UUID.randomUUID());

        assertThat(OrderId.parse(id.toString())).contains(id);
        assertThat(OrderId.parse("not-an-id")).isEmpty();
        assertThat(OrderId.parse("1-1-1-1-1")).isEmpty();
        assertThat(OrderId.parse(id.toString().toUpperCase())).isEmpty();
        assertThat(OrderId.parse(id + "0")).isEmpty();
        assertThat(OrderId.parse("")).isEmpty();
    }
}
