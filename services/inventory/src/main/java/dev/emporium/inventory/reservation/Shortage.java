package dev.emporium.inventory.reservation;

import java.util.List;

/** Some lines lacked stock; thrown to roll back whatever the transaction had taken. */
final class Shortage extends RuntimeException {

    private final Refusal refusal;

    Shortage(List<String> products) {
        super("not enough stock for " + products, null, false, false);
        this.refusal = Refusal.shortOf(products);
    }

    Refusal refusal() {
        return this.refusal;
    }
}
