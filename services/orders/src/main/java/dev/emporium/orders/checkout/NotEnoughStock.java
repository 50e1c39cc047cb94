package dev.emporium.orders.checkout;

import java.util.List;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Inventory could not reserve every line of the cart; {@code products} names the ones short of stock. */
class NotEnoughStock extends ErrorResponseException {

    NotEnoughStock(List<String> products) {
        super(HttpStatus.CONFLICT, Problems.of(HttpStatus.CONFLICT, "Not enough stock",
                "Some products in your cart are not in stock in the quantity asked for; nothing was ordered."), null);
        getBody().setProperty("products", List.copyOf(products));
    }
}
