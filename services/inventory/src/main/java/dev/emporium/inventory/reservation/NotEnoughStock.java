package dev.emporium.inventory.reservation;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** At least one line of a reservation could not be covered; nothing was reserved. */
class NotEnoughStock extends ErrorResponseException {

    NotEnoughStock(List<String> products) {
        super(HttpStatus.CONFLICT, problem(products), null);
    }

    private static ProblemDetail problem(List<String> products) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "The products listed in products lack the stock asked for; nothing was reserved.");
        problem.setTitle("Not enough stock");
        problem.setProperty("products", List.copyOf(products));
        return problem;
    }
}
