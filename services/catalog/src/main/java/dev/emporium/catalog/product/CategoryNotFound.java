package dev.emporium.catalog.product;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A listing asked for a category slug that does not exist. */
class CategoryNotFound extends ErrorResponseException {

    CategoryNotFound(String slug) {
        super(HttpStatus.NOT_FOUND, problem(slug), null);
    }

    private static ProblemDetail problem(String slug) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No category has the slug '" + slug + "'.");
        problem.setTitle("Category not found");
        return problem;
    }
}
