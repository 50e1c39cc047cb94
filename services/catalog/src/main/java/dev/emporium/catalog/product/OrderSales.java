package dev.emporium.catalog.product;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the catalog reads of orders' {@code order.confirmed} (version 1): the order and how many of each product it
 * sold. Other fields of the event are ignored.
 */
record OrderSales(@Nullable String orderId, @Nullable List<Line> lines) {

    record Line(@Nullable String productId, int quantity) {
    }

    /** The lines, checked: a confirmed order sold at least one of each of its lines' products. */
    List<Line> checkedLines() {
        if (this.orderId == null || this.orderId.isBlank() || this.lines == null || this.lines.isEmpty()) {
            throw new IllegalArgumentException("order.confirmed without an order id or lines");
        }
        for (Line line : this.lines) {
            if (line.productId() == null || !Product.isWellFormedId(line.productId()) || line.quantity() < 1) {
                throw new IllegalArgumentException("order.confirmed of order " + this.orderId + ": a line without a "
                        + "product id or with a quantity under 1");
            }
        }
        return this.lines;
    }
}
