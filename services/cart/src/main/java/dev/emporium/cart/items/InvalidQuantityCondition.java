package dev.emporium.cart.items;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A conditional removal named a quantity no line can have. */
class InvalidQuantityCondition extends ErrorResponseException {

    InvalidQuantityCondition() {
        super(HttpStatus.BAD_REQUEST, Problems.validation("ifQuantity", "must be between 1 and 99"), null);
    }
}
