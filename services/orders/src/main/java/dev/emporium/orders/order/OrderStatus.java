package dev.emporium.orders.order;

import java.util.Set;

/** Where an order stands. A pending order is confirmed or cancelled; both are final for now (SHIPPED comes later). */
public enum OrderStatus {

    PENDING, CONFIRMED, CANCELLED;

    boolean canBecome(OrderStatus next) {
        return switch (this) {
            case PENDING -> Set.of(CONFIRMED, CANCELLED).contains(next);
            case CONFIRMED, CANCELLED -> false;
        };
    }
}
