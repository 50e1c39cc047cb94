package dev.emporium.inventory.reservation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code emporium.inventory.*} for reservations.
 *
 * @param reservationTtl how long a reservation holds its units without being committed
 * @param reservationSweep how often expired reservations are looked for
 */
@ConfigurationProperties("emporium.inventory")
record InventoryProperties(@DefaultValue("15m") Duration reservationTtl, @DefaultValue("10s") Duration reservationSweep) {
}
