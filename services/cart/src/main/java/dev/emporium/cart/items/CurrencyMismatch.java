package dev.emporium.cart.items;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The product is priced in a currency other than the cart's, and a cart's total has one currency. */
class CurrencyMismatch extends ErrorResponseException {

    CurrencyMismatch(String productId, String currency) {
        super(HttpStatus.CONFLICT, Problems.of(HttpStatus.CONFLICT, "Currency mismatch", "Product '" + productId
                + "' is priced in " + currency + ", but your cart holds items in another currency."), null);
    }
}
