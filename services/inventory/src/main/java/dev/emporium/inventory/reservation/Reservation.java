package dev.emporium.inventory.reservation;

import java.util.List;

/** The stock held for one order; its lines are in product-id order. */
record Reservation(String orderId, ReservationStatus status, List<ReservationLine> lines) {
}
