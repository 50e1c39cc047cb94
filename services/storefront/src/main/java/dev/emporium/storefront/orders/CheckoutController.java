package dev.emporium.storefront.orders;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.emporium.storefront.api.ApiProblem;
import dev.emporium.storefront.api.ApiUnavailable;
import dev.emporium.storefront.cart.Cart;
import dev.emporium.storefront.cart.CartClient;
import dev.emporium.storefront.cart.CartLine;
import dev.emporium.storefront.profile.AddressFields;
import dev.emporium.storefront.profile.Countries;
import dev.emporium.storefront.profile.Profile;
import dev.emporium.storefront.profile.ProfileClient;
import dev.emporium.storefront.profile.SavedAddress;
import dev.emporium.storefront.session.LoginRequired;
import dev.emporium.storefront.session.UserSession;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriUtils;

/**
 * Checkout: the address and payment form with the order summary, and placing the order. The API validates; its
 * field errors ({@code shippingAddress.city}, {@code paymentToken}) are shown next to the fields, and its conflicts
 * (empty cart, not enough stock) above the form.
 * <p>
 * A customer with saved addresses chooses one of them (the default preselected) or types a new one, which they may
 * keep in their account: it is saved once the order was accepted, and a failure to save it only gets logged, as the
 * order is what matters. Without the account API (identity down) checkout offers the plain address form.
 */
@Controller
class CheckoutController {

    private static final Logger log = LoggerFactory.getLogger(CheckoutController.class);

    private static final String ADDRESS_FIELD = "shippingAddress.";

    /** The fields the form shows, by the names the API gives them in validation problems. */
    private static final Set<String> FORM_FIELDS = Set.of("shippingAddress.name", "shippingAddress.line1",
            "shippingAddress.city", "shippingAddress.postalCode", "shippingAddress.country", "paymentToken");

    private final CartClient carts;

    private final OrdersClient orders;

    private final ProfileClient profiles;

    CheckoutController(CartClient carts, OrdersClient orders, ProfileClient profiles) {
        this.carts = carts;
        this.orders = orders;
        this.profiles = profiles;
    }

    @GetMapping("/checkout")
    String checkout(UserSession session, Model model) {
        Cart cart = session.call(this.carts::cart);
        if (cart.isEmpty()) {
            return "redirect:/cart";
        }
        Optional<Profile> profile = profile(session);
        String preselected = profile.flatMap(Profile::defaultAddress).map(SavedAddress::id).orElse(null);
        return form(model, cart, profile, CheckoutForm.blank(preselected), Map.of(), null, List.of());
    }

    @PostMapping("/checkout")
    String placeOrder(@ModelAttribute CheckoutForm form, UserSession session, Model model, HttpServletResponse response) {
        ShippingAddress address;
        try {
            if (form.usesSavedAddress()) {
                Optional<SavedAddress> saved = savedAddress(session, form);
                if (saved.isEmpty()) {
                    response.setStatus(409);
                    return form(model, session.call(this.carts::cart), profile(session), form.withNewKey(), Map.of(),
                            "That address is no longer in your account. Please choose another one.", List.of());
                }
                address = ShippingAddress.of(saved.get());
            }
            else {
                address = form.address();
            }
        }
        catch (ApiUnavailable | ApiProblem | RestClientException ex) {
            log.warn("Checkout without saved addresses, the chosen one could not be read: {}", ex.toString());
            response.setStatus(503);
            return form(model, session.call(this.carts::cart), Optional.empty(), form.choosing(CheckoutForm.NEW_ADDRESS),
                    Map.of(), "We can't reach your saved addresses right now. Please enter the shipping address.",
                    List.of());
        }
        String key = form.key();
        try {
            PlacedOrder order = session.call(token -> this.orders.place(token, key, address, form.payment()));
            if (!form.usesSavedAddress() && form.savesAddress()) {
                keep(session, address);
            }
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
            // A saved address the orders API refused: shown in the address fields, next to its errors, to correct.
            boolean savedAddressRefused = form.usesSavedAddress()
                    && fieldErrors.keySet().stream().anyMatch(field -> field.startsWith(ADDRESS_FIELD));
            CheckoutForm again = savedAddressRefused ? form.asNewAddress(address) : form.withNewKey();
            return form(model, cart, profile(session), again, fieldErrors, alert, shortOfStock);
        }
    }

    private Optional<SavedAddress> savedAddress(UserSession session, CheckoutForm form) {
        String id = form.addressId();
        if (id == null) {
            return Optional.empty();
        }
        try {
            return session.call(token -> this.profiles.address(token, id));
        }
        catch (LoginRequired ex) {
            throw new LoginRequired("/checkout");
        }
    }

    /** The customer's profile for the saved addresses, or empty when the account API cannot tell now. */
    private Optional<Profile> profile(UserSession session) {
        try {
            return Optional.of(session.call(this.profiles::profile));
        }
        catch (ApiUnavailable | ApiProblem | RestClientException ex) {
            log.warn("Checkout without saved addresses: {}", ex.toString());
            return Optional.empty();
        }
    }

    /**
     * Keeps the address the order went to in the customer's account, unless it is there already (a form sent
     * twice places one order, and must not save two addresses either). Never fails the order: it was accepted.
     */
    private void keep(UserSession session, ShippingAddress address) {
        AddressFields fields = address.fields();
        try {
            session.call(token -> {
                Profile profile = this.profiles.profile(token);
                boolean known = profile.addresses().stream().anyMatch(saved -> saved.fields().equals(fields));
                if (!known && profile.hasRoomForAnotherAddress()) {
                    this.profiles.add(token, fields);
                }
                return known;
            });
        }
        catch (ApiUnavailable | ApiProblem | RestClientException | LoginRequired ex) {
            log.warn("Order placed, but its address was not saved to the account: {}", ex.toString());
        }
    }

    private static String form(Model model, Cart cart, Optional<Profile> profile, CheckoutForm form,
            Map<String, String> errors, @Nullable String alert, List<String> shortOfStock) {
        List<SavedAddress> saved = profile.map(Profile::addresses).orElse(List.of());
        boolean chosenIsSaved = saved.stream().anyMatch(form::chose);
        model.addAttribute("cart", cart);
        model.addAttribute("cartCount", cart.itemCount());
        model.addAttribute("form", chosenIsSaved ? form : form.choosing(CheckoutForm.NEW_ADDRESS));
        model.addAttribute("profile", profile.orElse(null));
        model.addAttribute("savedAddresses", saved);
        model.addAttribute("canSaveAddress", profile.map(Profile::hasRoomForAnotherAddress).orElse(false));
        model.addAttribute("errors", errors);
        model.addAttribute("alert", alert);
        model.addAttribute("shortOfStock", shortOfStock);
        model.addAttribute("countries", Countries.ALL);
        model.addAttribute("paymentMethods", CheckoutChoices.PAYMENT_METHODS);
        return "checkout";
    }
}
