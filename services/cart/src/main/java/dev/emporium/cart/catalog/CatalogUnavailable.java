package dev.emporium.cart.catalog;

import dev.emporium.platform.web.Problems;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The catalog could not be asked about a product: unreachable, too slow, or failing itself. */
class CatalogUnavailable extends ErrorResponseException {

    CatalogUnavailable(@Nullable Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Catalog unavailable",
                "The catalog could not be reached to check the product; try again shortly."), cause);
    }
}
