package dev.emporium.inventory.reservation;

/** Units of one product held by a reservation. */
record ReservationLine(String productId, int quantity) {
}
