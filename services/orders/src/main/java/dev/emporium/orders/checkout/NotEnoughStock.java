package dev.emporium.orders.checkout;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Inventory could not reserve every line of the cart; {@code products} names the ones short of stock. */
class NotEnoughStock extends ErrorResponseException {

    NotEnoughStock(List<String> products) {
        super(HttpStatus.CONFLICT, problem(products), null);
    }

    private static ProblemDetail problem(List<String> products) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "Some products in your cart are not in stock in the quantity asked for; nothing was ordered.");
        problem.setTitle("Not enough stock");
        problem.setProperty("products", List.copyOf(products));
        return problem;
    }
}
