package dev.emporium.chaos.load;

/**
 * A checkout the platform accepted (202): what it takes to read the order back later.
 *
 * @param id the order's id
 * @param customer whose order it is
 * @param acceptedAtNanos when the acceptance arrived, on {@link System#nanoTime()}'s clock
 */
public record AcceptedOrder(String id, Customer customer, long acceptedAtNanos) {
}
