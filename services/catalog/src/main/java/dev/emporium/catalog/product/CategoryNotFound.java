package dev.emporium.catalog.product;

import dev.emporium.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A listing asked for a category slug that does not exist. */
class CategoryNotFound extends ErrorResponseException {

    CategoryNotFound(String slug) {
        super(HttpStatus.NOT_FOUND,
                Problems.of(HttpStatus.NOT_FOUND, "Category not found", "No category has the slug '" + slug + "'."), null);
    }
}
