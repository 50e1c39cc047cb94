package dev.emporium.inventory.reservation;

import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reservations for the orders service (service to service: the gateway does not route {@code /internal/**}). The
 * caller forwards the customer's token. 201 for a new reservation, 200 for a repeat of an order id.
 */
@RestController
class ReservationController {

    private final ReserveStock reserveStock;

    ReservationController(ReserveStock reserveStock) {
        this.reserveStock = reserveStock;
    }

    @PostMapping("/internal/reservations")
    ResponseEntity<Reservation> reserve(@Valid @RequestBody ReservationRequest request) {
        ReserveStock.Outcome outcome = this.reserveStock.reserve(request.orderId(), request.reservationLines());
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK).body(outcome.reservation());
    }
}
