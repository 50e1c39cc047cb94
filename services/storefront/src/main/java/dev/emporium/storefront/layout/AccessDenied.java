package dev.emporium.storefront.layout;

/**
 * The customer is logged in but the page is not for their account (the operations console is for administrators):
 * answered with the 403 page, saying so.
 */
public class AccessDenied extends RuntimeException {

    public AccessDenied(String message) {
        super(message, null, false, false);
    }
}
