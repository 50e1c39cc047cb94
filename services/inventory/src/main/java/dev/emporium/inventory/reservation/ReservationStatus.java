package dev.emporium.inventory.reservation;

/** Where an order's reservation stands. */
enum ReservationStatus {

    /** The units are taken from the available stock and held for the order, until it expires. */
    RESERVED,

    /** Some line lacked stock: nothing was taken. */
    REJECTED,

    /** The order is confirmed: the units are sold. */
    COMMITTED,

    /** The order was cancelled: the units went back (or none were ever taken). */
    RELEASED,

    /** Not committed in time: the units went back; a commit may still take them again. */
    EXPIRED,

    /**
     * A commit found nothing to sell (the reservation had expired and its units were gone, or none was ever made):
     * nothing is held, and a repeated commit fails the same way.
     */
    FAILED
}
