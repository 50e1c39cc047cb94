package dev.emporium.notifications.email;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What notifications reads of orders' {@code order.confirmed} and {@code order.cancelled} (version 1): only the
 * fields the emails use.
 */
record OrderEvent(String orderId, @Nullable String email, @Nullable String customerName, @Nullable Long totalMinor,
        @Nullable String currency, @Nullable List<Line> lines, @Nullable String reason) {

    record Line(String name, int quantity, long unitPriceMinor) {
    }
}
