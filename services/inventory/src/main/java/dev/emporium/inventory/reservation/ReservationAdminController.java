package dev.emporium.inventory.reservation;

import java.time.Instant;
import java.util.List;

import dev.emporium.platform.web.Problems;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/admin/reservations/{orderId}}: an order's reservation, for operators and reconciliation. */
@RestController
class ReservationAdminController {

    private final Reservations reservations;

    ReservationAdminController(Reservations reservations) {
        this.reservations = reservations;
    }

    @GetMapping("/api/admin/reservations/{orderId}")
    ReservationView reservation(@PathVariable String orderId) {
        return this.reservations.find(orderId)
            .map(ReservationView::of)
            .orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND,
                    "Reservation not found", "No reservation was made for order " + orderId + "."), null));
    }

    /**
     * @param reason what a REJECTED or FAILED reservation was answered, else {@code null}
     * @param shortage the products it named as lacking units
     */
    record ReservationView(String orderId, ReservationStatus status, List<ReservationLine> lines, Instant createdAt,
            @Nullable Instant expiresAt, @Nullable String reason, List<String> shortage) {

        static ReservationView of(Reservation reservation) {
            Refusal refusal = reservation.refusal();
            return new ReservationView(reservation.orderId(), reservation.status(), reservation.lines(),
                    reservation.createdAt(), reservation.expiresAt(), refusal == null ? null : refusal.reason(),
                    refusal == null ? List.of() : refusal.products());
        }
    }
}
