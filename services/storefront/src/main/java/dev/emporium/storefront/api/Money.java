package dev.emporium.storefront.api;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/** An amount in minor units of an ISO currency, as the API sends it; {@link #display()} is what customers read. */
public record Money(long amount, String currency) {

    /** {@code $19.99}, {@code €5.00}, {@code ¥1,200}; an unknown currency code shows as {@code 19.99 XYZ}. */
    public String display() {
        Currency unit;
        try {
            unit = Currency.getInstance(this.currency);
        }
        catch (IllegalArgumentException ex) {
            return BigDecimal.valueOf(this.amount, 2).toPlainString() + " " + this.currency;
        }
        int digits = Math.max(unit.getDefaultFractionDigits(), 0);
        NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
        format.setCurrency(unit);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(BigDecimal.valueOf(this.amount, digits));
    }

    @Override
    public String toString() {
        return display();
    }
}
