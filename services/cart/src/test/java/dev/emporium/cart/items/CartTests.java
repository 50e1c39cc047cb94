package dev.emporium.cart.items;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CartTests {

    @Test
    void anEmptyCartTotalsZeroDollars() {
        Cart cart = Cart.of(List.of());

        assertThat(cart.items()).isEmpty();
        assertThat(cart.total()).isEqualTo(new Money(0, "USD"));
        assertThat(cart.itemCount()).isZero();
    }

    @Test
    void theTotalIsTheSumOfTheLinesAndTheCountCountsUnits() {
        Cart cart = Cart.of(List.of(
                CartItem.of("p1", "Lamp", "/media/p1.svg", 2, new Money(1999, "EUR")),
                CartItem.of("p2", "Mug", null, 3, new Money(500, "EUR"))));

        assertThat(cart.items()).extracting(CartItem::lineTotal)
            .containsExactly(new Money(3998, "EUR"), new Money(1500, "EUR"));
        assertThat(cart.total()).isEqualTo(new Money(5498, "EUR"));
        assertThat(cart.itemCount()).isEqualTo(5);
    }

    @Test
    void acceptsOnlyProductsInTheCurrencyOfItsOtherLines() {
        Cart cart = Cart.of(List.of(CartItem.of("p1", "Lamp", null, 1, new Money(1999, "USD"))));

        assertThat(cart.accepts("p2", "USD")).isTrue();
        assertThat(cart.accepts("p2", "EUR")).isFalse();
        assertThat(cart.accepts("p1", "EUR")).as("the line being replaced does not count").isTrue();
        assertThat(Cart.of(List.of()).accepts("p1", "EUR")).isTrue();
    }

    @Test
    void moneyOfDifferentCurrenciesDoesNotAdd() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Money(1, "USD").plus(new Money(1, "EUR")));
    }
}
