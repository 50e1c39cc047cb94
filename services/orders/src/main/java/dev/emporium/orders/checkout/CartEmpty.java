package dev.emporium.orders.checkout;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A checkout found nothing in the caller's cart to order. */
class CartEmpty extends ErrorResponseException {

    CartEmpty() {
        super(HttpStatus.CONFLICT, Problems.of(HttpStatus.CONFLICT, "Cart is empty",
                "Your cart is empty: add items to it before checking out."), null);
    }
}
