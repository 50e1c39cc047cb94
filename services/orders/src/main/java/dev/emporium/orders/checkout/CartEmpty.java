package dev.emporium.orders.checkout;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A checkout found nothing in the caller's cart to order. */
class CartEmpty extends ErrorResponseException {

    CartEmpty() {
        super(HttpStatus.CONFLICT, problem(), null);
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "Your cart is empty: add items to it before checking out.");
        problem.setTitle("Cart is empty");
        return problem;
    }
}
