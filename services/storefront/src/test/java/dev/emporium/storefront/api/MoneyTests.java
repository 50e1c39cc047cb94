package dev.emporium.storefront.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MoneyTests {

    @Test
    void displaysMinorUnitsInTheCurrencysFormat() {
        assertThat(new Money(1999, "USD").display()).isEqualTo("$19.99");
        assertThat(new Money(5, "USD").display()).isEqualTo("$0.05");
        assertThat(new Money(123456789, "USD").display()).isEqualTo("$1,234,567.89");
        assertThat(new Money(500, "EUR").display()).isEqualTo("€5.00");
        assertThat(new Money(1200, "JPY").display()).isEqualTo("¥1,200");
        assertThat(new Money(1999, "XYZ").display()).isEqualTo("19.99 XYZ");
    }
}
