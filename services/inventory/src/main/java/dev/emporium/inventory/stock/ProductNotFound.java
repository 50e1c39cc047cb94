package dev.emporium.inventory.stock;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Inventory keeps no stock for the requested product id. */
class ProductNotFound extends ErrorResponseException {

    ProductNotFound(String productId) {
        super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "Product not found",
                "Inventory keeps no stock for a product with the id '" + productId + "'."), null);
    }
}
