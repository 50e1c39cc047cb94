package dev.emporium.notifications.email;

/** Where an email about an order stands. */
enum EmailStatus {

    /** Recorded, not yet taken by the SMTP server (being sent, failed and waiting for a retry, or cut off by a crash). */
    PENDING,

    /** Taken by the SMTP server (or written to its .eml file). */
    SENT,

    /** Not sent: the order names no usable address. */
    SKIPPED
}
