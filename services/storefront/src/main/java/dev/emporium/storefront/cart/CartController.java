package dev.emporium.storefront.cart;

import java.nio.charset.StandardCharsets;

import dev.emporium.storefront.api.ApiProblem;
import dev.emporium.storefront.session.LoginRequired;
import dev.emporium.storefront.session.UserSession;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;

/**
 * The cart page and the forms that change the cart. Each form posts, changes the cart through the API and
 * redirects (post/redirect/get) with a message code in the query ({@code ?added=1}, {@code ?updated=1}, …).
 */
@Controller
class CartController {

    static final int MAX_QUANTITY = 99;

    private final CartClient carts;

    CartController(CartClient carts) {
        this.carts = carts;
    }

    @GetMapping("/cart")
    String cart(UserSession session, Model model) {
        Cart cart = session.call(this.carts::cart);
        model.addAttribute("cart", cart);
        model.addAttribute("cartCount", cart.itemCount());
        return "cart";
    }

    /** "Add to cart" on a product page: adds the quantity to what the cart already holds, up to 99. */
    @PostMapping("/cart/items")
    String add(@RequestParam("productId") String productId,
            @RequestParam(name = "quantity", required = false) @Nullable String quantity, UserSession session) {
        String productPage = "/p/" + UriUtils.encodePathSegment(productId, StandardCharsets.UTF_8);
        if (!session.isLoggedIn()) {
            throw new LoginRequired(productPage);
        }
        Integer adding = quantity(quantity == null ? "1" : quantity);
        if (adding == null) {
            return "redirect:" + productPage + "?error=quantity";
        }
        try {
            session.call(token -> {
                int current = this.carts.line(token, productId).map(CartLine::quantity).orElse(0);
                return this.carts.setQuantity(token, productId, Math.min(current + adding, MAX_QUANTITY));
            });
        }
        catch (LoginRequired ex) {
            throw new LoginRequired(productPage);
        }
        catch (ApiProblem problem) {
            if (problem.status() == 400) {
                return "redirect:" + productPage + "?error=quantity";
            }
            throw problem;
        }
        return "redirect:" + productPage + "?added=1";
    }

    @PostMapping("/cart/items/{productId}")
    String update(@PathVariable String productId,
            @RequestParam(name = "quantity", required = false) @Nullable String quantity, UserSession session) {
        Integer wanted = quantity(quantity);
        if (wanted == null) {
            return "redirect:/cart?error=quantity";
        }
        try {
            session.call(token -> this.carts.setQuantity(token, productId, wanted));
        }
        catch (LoginRequired ex) {
            throw new LoginRequired("/cart");
        }
        catch (ApiProblem problem) {
            return "redirect:/cart?error=" + (problem.status() == 400 ? "quantity" : "unavailable");
        }
        return "redirect:/cart?updated=1";
    }

    @PostMapping("/cart/items/{productId}/remove")
    String remove(@PathVariable String productId, UserSession session) {
        try {
            session.call(token -> {
                this.carts.remove(token, productId);
                return true;
            });
        }
        catch (LoginRequired ex) {
            throw new LoginRequired("/cart");
        }
        return "redirect:/cart?removed=1";
    }

    /** A quantity from a form, when it is a whole number from 1 to 99. */
    private static @Nullable Integer quantity(@Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            int quantity = Integer.parseInt(value.strip());
            return quantity >= 1 && quantity <= MAX_QUANTITY ? quantity : null;
        }
        catch (NumberFormatException ex) {
            return null;
        }
    }
}
