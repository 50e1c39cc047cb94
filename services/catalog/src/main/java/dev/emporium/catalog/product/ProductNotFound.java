package dev.emporium.catalog.product;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** No active product has the requested id. */
class ProductNotFound extends ErrorResponseException {

    ProductNotFound(String id) {
        super(HttpStatus.NOT_FOUND,
                Problems.of(HttpStatus.NOT_FOUND, "Product not found", "No product has the id '" + id + "'."), null);
    }
}
