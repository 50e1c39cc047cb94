package dev.emporium.cart.items;

import java.util.regex.Pattern;

import dev.emporium.cart.catalog.CatalogClient;
import dev.emporium.cart.catalog.CatalogProduct;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's cart. The user is the token's subject; there is no way to name another user's cart.
 * <p>
 * The product id is checked by hand rather than with a constraint on the parameter: a parameter constraint would
 * switch the whole method to method validation, which reports body errors under the parameter's name instead of the
 * body's field ({@code quantity}).
 */
@RestController
@RequestMapping("/api/cart")
class CartController {

    private static final Pattern PRODUCT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final CartItems items;

    private final CatalogClient catalog;

    CartController(CartItems items, CatalogClient catalog) {
        this.items = items;
        this.catalog = catalog;
    }

    @GetMapping
    Cart cart(@AuthenticationPrincipal Jwt user) {
        return this.items.cart(user.getSubject());
    }

    /** Sets the product's quantity (adding the line if needed) and takes a fresh snapshot of its price. */
    @PutMapping("/items/{productId}")
    Cart put(@AuthenticationPrincipal Jwt user, @PathVariable String productId, @Valid @RequestBody QuantityChange change) {
        checkShape(productId);
        CatalogProduct product = this.catalog.product(productId);
        if (!this.items.cart(user.getSubject()).accepts(productId, product.price().currency())) {
            throw new CurrencyMismatch(productId, product.price().currency());
        }
        this.items.put(user.getSubject(), productId, product, change.quantity());
        return this.items.cart(user.getSubject());
    }

    @GetMapping("/items/{productId}")
    CartItem item(@AuthenticationPrincipal Jwt user, @PathVariable String productId) {
        checkShape(productId);
        return this.items.item(user.getSubject(), productId).orElseThrow(() -> new ItemNotInCart(productId));
    }

    /**
     * Removes a line. With {@code ifQuantity} (what checkout sends for each ordered line) the line goes only if its
     * quantity is still that; a line the customer changed meanwhile stays as they left it.
     */
    @DeleteMapping("/items/{productId}")
    Cart remove(@AuthenticationPrincipal Jwt user, @PathVariable String productId,
            @RequestParam(required = false) @Nullable Integer ifQuantity) {
        checkShape(productId);
        if (ifQuantity != null && (ifQuantity < 1 || ifQuantity > 99)) {
            throw new InvalidQuantityCondition();
        }
        boolean found = ifQuantity == null ? this.items.remove(user.getSubject(), productId)
                : this.items.removeIfQuantity(user.getSubject(), productId, ifQuantity);
        if (!found) {
            throw new ItemNotInCart(productId);
        }
        return this.items.cart(user.getSubject());
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void clear(@AuthenticationPrincipal Jwt user) {
        this.items.clear(user.getSubject());
    }

    private static void checkShape(String productId) {
        if (!PRODUCT_ID.matcher(productId).matches()) {
            throw new InvalidProductId();
        }
    }
}
