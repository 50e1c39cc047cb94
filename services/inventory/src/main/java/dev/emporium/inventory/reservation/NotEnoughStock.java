package dev.emporium.inventory.reservation;

import java.util.List;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** At least one line of a reservation could not be covered; nothing was reserved. */
class NotEnoughStock extends ErrorResponseException {

    NotEnoughStock(List<String> products) {
        super(HttpStatus.CONFLICT, Problems.of(HttpStatus.CONFLICT, "Not enough stock",
                "The products listed in products lack the stock asked for; nothing was reserved."), null);
        getBody().setProperty("products", List.copyOf(products));
    }
}
