package dev.emporium.orders.checkout;

import java.util.regex.Pattern;

import dev.emporium.platform.web.Problems;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
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
            super(HttpStatus.BAD_REQUEST, Problems.validation(HEADER, message), null);
        }
    }
}
