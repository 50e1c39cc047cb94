package dev.emporium.storefront.api;

import org.jspecify.annotations.Nullable;

/** The API could not be reached or failed (5xx): the page cannot be shown now, but may be shortly. */
public class ApiUnavailable extends RuntimeException {

    public ApiUnavailable(String message) {
        super(message);
    }

    public ApiUnavailable(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
