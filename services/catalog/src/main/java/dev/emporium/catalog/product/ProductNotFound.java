package dev.emporium.catalog.product;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No active product has the requested id. */
class ProductNotFound extends ErrorResponseException {

    ProductNotFound(String id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No product has the id '" + id + "'.");
        problem.setTitle("Product not found");
        return problem;
    }
}
