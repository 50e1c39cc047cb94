package dev.emporium.orders.checkout;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A service that checkout needs (cart, inventory) could not be asked: unreachable, too slow or failing itself. No
 * order was placed; retrying with the same {@code Idempotency-Key} is safe.
 */
class ServiceUnavailable extends ErrorResponseException {

    ServiceUnavailable(String service, @Nullable Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(service), cause);
    }

    private static ProblemDetail problem(String service) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "The " + service
                + " service could not be reached, so no order was placed; retry with the same Idempotency-Key.");
        problem.setTitle("Service unavailable");
        problem.setProperty("service", service);
        return problem;
    }
}
