package dev.emporium.orders.checkout;

import dev.emporium.platform.web.Problems;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A service that checkout needs (the cart) could not be asked: unreachable, too slow or failing itself. No
 * order was placed; retrying with the same {@code Idempotency-Key} is safe.
 */
class ServiceUnavailable extends ErrorResponseException {

    ServiceUnavailable(String service, @Nullable Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", "The " + service
                + " service could not be reached, so no order was placed; retry with the same Idempotency-Key."), cause);
        getBody().setProperty("service", service);
    }
}
