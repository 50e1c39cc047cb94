package dev.emporium.orders.checkout;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The client's {@code Idempotency-Key}: 1 to 100 letters, digits, '-' or '_'; one key, one order per user. */
record IdempotencyKey(String value) {

    static final String HEADER = "Idempotency-Key";

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    /** The key carried by the header; a 400 problem naming the header when it is missing or malformed. */
    static IdempotencyKey of(@Nullable String header) {
        if (header == null || header.isEmpty()) {
            throw new Invalid("is required");
        }
        if (!SHAPE.matcher(header).matches()) {
            throw new Invalid("must be 1 to 100 characters of letters, digits, '-' or '_'");
        }
        return new IdempotencyKey(header);
    }

    /** The header is missing or malformed; answered like every other validation failure of the platform. */
    static final class Invalid extends ErrorResponseException {

        Invalid(String message) {
            super(HttpStatus.BAD_REQUEST, problem(message), null);
        }

        private static ProblemDetail problem(String message) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request has invalid fields.");
            problem.setType(URI.create("https://emporium.dev/problems/validation"));
            problem.setTitle("Validation failed");
            problem.setProperty("errors", List.of(Map.of("field", HEADER, "message", message)));
            return problem;
        }
    }
}
