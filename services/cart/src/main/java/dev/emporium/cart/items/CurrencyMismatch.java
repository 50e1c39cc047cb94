package dev.emporium.cart.items;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The product is priced in a currency other than the cart's, and a cart's total has one currency. */
class CurrencyMismatch extends ErrorResponseException {

    CurrencyMismatch(String productId, String currency) {
        super(HttpStatus.CONFLICT, problem(productId, currency), null);
    }

    private static ProblemDetail problem(String productId, String currency) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "Product '" + productId + "' is priced in " + currency + ", but your cart holds items in another currency.");
        problem.setTitle("Currency mismatch");
        return problem;
    }
}
