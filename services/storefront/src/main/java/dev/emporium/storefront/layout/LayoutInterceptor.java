package dev.emporium.storefront.layout;

import java.util.List;

import dev.emporium.storefront.api.ApiProblem;
import dev.emporium.storefront.api.ApiUnavailable;
import dev.emporium.storefront.cart.CartClient;
import dev.emporium.storefront.catalog.CatalogClient;
import dev.emporium.storefront.session.LoginRequired;
import dev.emporium.storefront.session.UserSession;
import dev.emporium.storefront.session.UserSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.ui.ModelMap;
import org.springframework.web.client.RestClientException;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

/**
 * Adds what the layout shows on every rendered page (not on redirects): the category navigation, the account menu
 * and the cart badge. The badge costs a {@code GET /api/cart} only for logged-in customers, and reuses the cart when
 * the page already has it. None of this may break a page: a failure leaves the badge or the navigation out.
 */
@Component
class LayoutInterceptor implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(LayoutInterceptor.class);

    private final UserSessions sessions;

    private final CatalogClient catalog;

    private final CartClient carts;

    LayoutInterceptor(UserSessions sessions, CatalogClient catalog, CartClient carts) {
        this.sessions = sessions;
        this.catalog = catalog;
        this.carts = carts;
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
            @Nullable ModelAndView view) {
        if (view == null || !view.isReference() || view.getViewName() == null || view.getViewName().startsWith("redirect:")) {
            return;
        }
        ModelMap model = view.getModelMap();
        UserSession session = this.sessions.of(request, response);
        if (!model.containsAttribute("categories")) {
            model.addAttribute("categories", categories());
        }
        if (!model.containsAttribute("cartCount") && session.isLoggedIn()) {
            model.addAttribute("cartCount", cartCount(session));
        }
        Account.addTo(model, session);
    }

    private List<?> categories() {
        try {
            return this.catalog.categories();
        }
        catch (ApiUnavailable | ApiProblem | RestClientException ex) {
            log.warn("Navigation without categories: {}", ex.toString());
            return List.of();
        }
    }

    private @Nullable Integer cartCount(UserSession session) {
        try {
            return session.call(token -> this.carts.cart(token).itemCount());
        }
        catch (LoginRequired ex) {
            return null;
        }
        catch (ApiUnavailable | ApiProblem | RestClientException ex) {
            log.warn("Page without cart badge: {}", ex.toString());
            return null;
        }
    }

    /** The account menu's model: {@code loggedIn} and {@code accountName}. */
    static final class Account {

        private Account() {
        }

        static void addTo(ModelMap model, UserSession session) {
            model.addAttribute("loggedIn", session.isLoggedIn());
            model.addAttribute("accountName", session.displayName().orElse("there"));
        }
    }
}
