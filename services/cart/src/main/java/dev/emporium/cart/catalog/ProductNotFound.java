package dev.emporium.cart.catalog;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The catalog has no (active) product with the id a cart request named. */
class ProductNotFound extends ErrorResponseException {

    ProductNotFound(String productId) {
        super(HttpStatus.NOT_FOUND, problem(productId), null);
    }

    private static ProblemDetail problem(String productId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No product has the id '" + productId + "'.");
        problem.setTitle("Product not found");
        return problem;
    }
}
