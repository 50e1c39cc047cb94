package dev.emporium.cart.items;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A path named a product id that cannot be one; answered like every other validation failure of the platform. */
class InvalidProductId extends ErrorResponseException {

    InvalidProductId() {
        super(HttpStatus.BAD_REQUEST, problem(), null);
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request has invalid fields.");
        problem.setType(URI.create("https://emporium.dev/problems/validation"));
        problem.setTitle("Validation failed");
        problem.setProperty("errors", List.of(Map.of("field", "productId",
                "message", "must be 1 to 64 characters of letters, digits, '-' or '_'")));
        return problem;
    }
}
