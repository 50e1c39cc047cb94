package dev.emporium.media.upload;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** No upload of this product has this hash. */
class ProductImageNotFound extends ErrorResponseException {

    ProductImageNotFound(String productId) {
        super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "Product image not found",
                "Product " + productId + " has no uploaded image with this hash."), null);
    }
}
