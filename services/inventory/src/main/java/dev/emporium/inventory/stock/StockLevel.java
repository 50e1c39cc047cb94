package dev.emporium.inventory.stock;

/** How many units of a product can still be reserved. */
record StockLevel(String productId, int available) {
}
