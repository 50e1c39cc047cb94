package dev.emporium.inventory.stock;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Inventory keeps no stock for the requested product id. */
class ProductNotFound extends ErrorResponseException {

    ProductNotFound(String productId) {
        super(HttpStatus.NOT_FOUND, problem(productId), null);
    }

    private static ProblemDetail problem(String productId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "Inventory keeps no stock for a product with the id '" + productId + "'.");
        problem.setTitle("Product not found");
        return problem;
    }
}
