package dev.emporium.cart.catalog;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The catalog could not be asked about a product: unreachable, too slow, or failing itself. */
class CatalogUnavailable extends ErrorResponseException {

    CatalogUnavailable(@Nullable Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(), cause);
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The catalog could not be reached to check the product; try again shortly.");
        problem.setTitle("Catalog unavailable");
        return problem;
    }
}
