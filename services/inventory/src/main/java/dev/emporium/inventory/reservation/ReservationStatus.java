package dev.emporium.inventory.reservation;

/** Where a reservation stands. Committing, releasing and expiry come with the order saga. */
enum ReservationStatus {

    /** The units are taken from the available stock and held for the order. */
    RESERVED
}
