package dev.emporium.storefront.session;

import org.jspecify.annotations.Nullable;

/**
 * The page needs a logged-in customer and there is none (or the login expired for good): the storefront answers
 * with a redirect to {@code /login?next=…}.
 *
 * @see #next()
 */
public class LoginRequired extends RuntimeException {

    private final @Nullable String next;

    public LoginRequired() {
        this(null);
    }

    /** @param next where to go after logging in; {@code null} lets the error handler pick the current page */
    public LoginRequired(@Nullable String next) {
        super("Login required", null, false, false);
        this.next = next;
    }

    public @Nullable String next() {
        return this.next;
    }
}
