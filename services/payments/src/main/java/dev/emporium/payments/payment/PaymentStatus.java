package dev.emporium.payments.payment;

/** Where an order's payment stands. */
enum PaymentStatus {

    /** The provider is being asked; its answer is not recorded yet. */
    PENDING,

    /** The money is taken. */
    CAPTURED,

    /** The card was declined: nothing taken. */
    DECLINED,

    /** The provider could not be reached in any attempt: nothing taken. */
    FAILED,

    /** A capture was paid back in full. */
    REFUNDED;

    boolean settled() {
        return this != PENDING;
    }
}
