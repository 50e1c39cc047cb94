package dev.emporium.storefront.api;

/** The API answered 401: the access token is missing, expired or invalid (or, at login, the credentials are wrong). */
public class TokenRejected extends RuntimeException {

    public TokenRejected() {
        super("The API rejected the request's credentials", null, false, false);
    }
}
