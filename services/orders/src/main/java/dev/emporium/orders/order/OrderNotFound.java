package dev.emporium.orders.order;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The caller has no order with the requested id. An unknown id, a malformed one and another user's order all get
 * this same answer, so the response tells nothing about other users' orders.
 */
class OrderNotFound extends ErrorResponseException {

    OrderNotFound() {
        super(HttpStatus.NOT_FOUND, problem(), null);
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "You have no order with this id.");
        problem.setTitle("Order not found");
        return problem;
    }
}
