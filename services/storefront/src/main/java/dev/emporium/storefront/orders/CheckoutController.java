package dev.emporium.storefront.orders;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.emporium.storefront.api.ApiProblem;
import dev.emporium.storefront.cart.Cart;
import dev.emporium.storefront.cart.CartClient;
import dev.emporium.storefront.cart.CartLine;
import dev.emporium.storefront.session.LoginRequired;
import dev.emporium.storefront.session.UserSession;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.util.UriUtils;

/**
 * Checkout: the address and payment form with the order summary, and placing the order. The API validates; its
 * field errors ({@code shippingAddress.city}, {@code paymentToken}) are shown next to the fields, and its conflicts
 * (empty cart, not enough stock) above the form.
 */
@Controller
class CheckoutController {

    /** The fields the form shows, by the names the API gives them in validation problems. */
    private static final Set<String> FORM_FIELDS = Set.of("shippingAddress.name", "shippingAddress.line1",
            "shippingAddress.city", "shippingAddress.postalCode", "shippingAddress.country", "paymentToken");

    private final CartClient carts;

    private final OrdersClient orders;

    CheckoutController(CartClient carts, OrdersClient orders) {
        this.carts = carts;
        this.orders = orders;
    }

    @GetMapping("/checkout")
    String checkout(UserSession session, Model model) {
        Cart cart = session.call(this.carts::cart);
        if (cart.isEmpty()) {
            return "redirect:/cart";
        }
        return form(model, cart, CheckoutForm.blank(), Map.of(), null, List.of());
    }

    @PostMapping("/checkout")
    String placeOrder(@ModelAttribute CheckoutForm form, UserSession session, Model model, HttpServletResponse response) {
        String key = form.key();
        try {
            PlacedOrder order = session.call(token -> this.orders.place(token, key, form.address(), form.payment()));
            return "redirect:/orders/" + UriUtils.encodePathSegment(order.id(), StandardCharsets.UTF_8) + "?placed=1";
        }
        catch (LoginRequired ex) {
            throw new LoginRequired("/checkout");
        }
        catch (ApiProblem problem) {
            if (problem.status() != 400 && problem.status() != 409) {
                throw problem;
            }
            response.setStatus(problem.status());
            Cart cart = session.call(this.carts::cart);
            Map<String, String> fieldErrors = new LinkedHashMap<>(problem.fieldMessages());
            fieldErrors.keySet().retainAll(FORM_FIELDS);
            List<String> shortOfStock = cart.items().stream()
                .filter(line -> problem.products().contains(line.productId()))
                .map(CartLine::name)
                .toList();
            String alert = fieldErrors.isEmpty() || fieldErrors.size() < problem.fieldMessages().size()
                    ? problem.message() : "Please check the highlighted fields.";
            return form(model, cart, form.withNewKey(), fieldErrors, alert, shortOfStock);
        }
    }

    private static String form(Model model, Cart cart, CheckoutForm form, Map<String, String> errors,
            @Nullable String alert, List<String> shortOfStock) {
        model.addAttribute("cart", cart);
        model.addAttribute("cartCount", cart.itemCount());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("alert", alert);
        model.addAttribute("shortOfStock", shortOfStock);
        model.addAttribute("countries", CheckoutChoices.COUNTRIES);
        model.addAttribute("paymentMethods", CheckoutChoices.PAYMENT_METHODS);
        return "checkout";
    }
}
