package dev.emporium.inventory.reservation;

import java.util.List;

/**
 * What a refused command is answered with, and recorded so that a repeat is answered the same.
 *
 * @param products the products that lacked units (ids: inventory does not know names; orders maps them to the names
 *        on the order), empty when the refusal is not about stock
 * @param reason readable by a customer, who sees it when no product can be named
 */
record Refusal(List<String> products, String reason) {

    Refusal {
        products = List.copyOf(products);
    }

    static Refusal shortOf(List<String> products) {
        return new Refusal(products, "Not enough stock for " + String.join(", ", products) + ".");
    }

    /** A reservation asked for after orders had released it: the order was given up first. */
    static Refusal cancelled() {
        return new Refusal(List.of(), "The order was cancelled.");
    }

    /** A commit for an order whose reservation was never made (or refused): nothing to sell. */
    static Refusal nothingReserved(List<String> products) {
        return new Refusal(products, "No stock was held for the order.");
    }
}
