package dev.emporium.cart.catalog;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The catalog has no (active) product with the id a cart request named. */
class ProductNotFound extends ErrorResponseException {

    ProductNotFound(String productId) {
        super(HttpStatus.NOT_FOUND,
                Problems.of(HttpStatus.NOT_FOUND, "Product not found", "No product has the id '" + productId + "'."), null);
    }
}
