package dev.emporium.inventory.reservation;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * What the orders service asks to hold for an order. Fields may be missing on the wire; validation rejects that
 * before the request reaches {@link ReserveStock}.
 */
record ReservationRequest(
        @NotBlank @Size(max = 64) String orderId,
        @NotNull @Size(min = 1, max = 100) @DistinctProducts List<@NotNull @Valid Line> lines) {

    List<ReservationLine> reservationLines() {
        return this.lines.stream().map(line -> new ReservationLine(line.productId(), line.quantity())).toList();
    }

    record Line(@NotBlank @Size(max = 64) String productId, @NotNull @Min(1) @Max(99) Integer quantity) {
    }
}
