package dev.emporium.orders.order;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The caller has no order with the requested id. An unknown id, a malformed one and another user's order all get
 * this same answer, so the response tells nothing about other users' orders.
 */
class OrderNotFound extends ErrorResponseException {

    OrderNotFound() {
        super(HttpStatus.NOT_FOUND,
                Problems.of(HttpStatus.NOT_FOUND, "Order not found", "You have no order with this id."), null);
    }
}
