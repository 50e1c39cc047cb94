package dev.emporium.orders.order;

/** An amount in minor units of an ISO 4217 currency. */
public record Money(long amount, String currency) {

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    public Money times(int factor) {
        return new Money(Math.multiplyExact(this.amount, factor), this.currency);
    }

    public Money plus(Money other) {
        if (!this.currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + this.currency);
        }
        return new Money(Math.addExact(this.amount, other.amount), this.currency);
    }
}
