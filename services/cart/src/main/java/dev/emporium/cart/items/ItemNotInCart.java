package dev.emporium.cart.items;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The caller's cart has no line for the product (another user's line is, by construction, not in it). */
class ItemNotInCart extends ErrorResponseException {

    ItemNotInCart(String productId) {
        super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "Item not in cart",
                "Your cart has no item for product '" + productId + "'."), null);
    }
}
