package dev.emporium.cart.items;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A path named a product id that cannot be one; answered like every other validation failure of the platform. */
class InvalidProductId extends ErrorResponseException {

    InvalidProductId() {
        super(HttpStatus.BAD_REQUEST,
                Problems.validation("productId", "must be 1 to 64 characters of letters, digits, '-' or '_'"), null);
    }
}
