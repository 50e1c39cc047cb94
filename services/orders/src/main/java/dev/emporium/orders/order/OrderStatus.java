package dev.emporium.orders.order;

/**
 * Where an order stands. A pending order is confirmed or cancelled by its saga ({@link SagaStep}); both are final
 * for now (SHIPPED comes later).
 */
public enum OrderStatus {

    PENDING, CONFIRMED, CANCELLED
}
