package dev.emporium.cart.items;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The caller's cart has no line for the product (another user's line is, by construction, not in it). */
class ItemNotInCart extends ErrorResponseException {

    ItemNotInCart(String productId) {
        super(HttpStatus.NOT_FOUND, problem(productId), null);
    }

    private static ProblemDetail problem(String productId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "Your cart has no item for product '" + productId + "'.");
        problem.setTitle("Item not in cart");
        return problem;
    }
}
