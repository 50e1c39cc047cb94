package dev.emporium.chaos.load;

import java.util.Locale;

/** What a shopper does on one arrival, with its share of the realistic mix (percent). */
public enum RouteClass {

    /** A storefront page or a catalog API read. */
    BROWSE(70, true),
    /** A catalog search. */
    SEARCH(10, true),
    /** A logged-in customer puts a product in the cart (PUT, idempotent) and reads the cart. */
    CART(15, true),
    /** A logged-in customer fills the cart and places the order (POST with an Idempotency-Key). */
    CHECKOUT(5, false);

    private final int weight;

    private final boolean idempotent;

    RouteClass(int weight, boolean idempotent) {
        this.weight = weight;
        this.idempotent = idempotent;
    }

    public int weight() {
        return this.weight;
    }

    /** Whether every request of this class is safe to repeat (GET, PUT): the scenarios allow it no failure. */
    public boolean idempotent() {
        return this.idempotent;
    }

    /** The lower-case name reports use. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
