package dev.emporium.orders.order;

/**
 * What a pending order waits for, in the saga's order: stock reserved, payment captured, reservation committed.
 * A confirmed or cancelled order is {@link #DONE}.
 */
public enum SagaStep {

    RESERVING, CHARGING, COMMITTING, DONE
}
