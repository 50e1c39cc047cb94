package dev.emporium.storefront.layout;

/** The page asked for does not exist (unknown product, category or order): answered with the 404 page. */
public class PageNotFound extends RuntimeException {

    public PageNotFound(String message) {
        super(message, null, false, false);
    }
}
