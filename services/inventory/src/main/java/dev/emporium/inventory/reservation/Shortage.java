package dev.emporium.inventory.reservation;

import java.util.List;

/** Some lines lacked stock; thrown to roll back whatever the transaction had taken. */
final class Shortage extends RuntimeException {

    private final List<String> products;

    Shortage(List<String> products) {
        super("not enough stock for " + products, null, false, false);
        this.products = List.copyOf(products);
    }

    List<String> products() {
        return this.products;
    }

    /** Readable by a customer, who sees it as the reason their order was cancelled. */
    String reason() {
        return "Not enough stock for " + String.join(", ", this.products) + ".";
    }
}
