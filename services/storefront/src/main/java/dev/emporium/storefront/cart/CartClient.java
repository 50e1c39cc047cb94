package dev.emporium.storefront.cart;

import java.util.Map;
import java.util.Optional;

import dev.emporium.storefront.api.ApiProblem;
import dev.emporium.storefront.api.ApiUnavailable;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** The cart endpoints; every call acts for the customer whose access token it is given. */
@Component
public class CartClient {

    private final RestClient api;

    CartClient(RestClient publicApi) {
        this.api = publicApi;
    }

    public Cart cart(String accessToken) {
        return present(this.api.get().uri("/api/cart").header(HttpHeaders.AUTHORIZATION, bearer(accessToken))
            .retrieve().body(Cart.class));
    }

    /** The line of this product, or empty when it is not in the cart. */
    Optional<CartLine> line(String accessToken, String productId) {
        try {
            return Optional.ofNullable(this.api.get().uri("/api/cart/items/{id}", productId)
                .header(HttpHeaders.AUTHORIZATION, bearer(accessToken))
                .retrieve().body(CartLine.class));
        }
        catch (ApiProblem problem) {
            if (problem.isNotFound()) {
                return Optional.empty();
            }
            throw problem;
        }
    }

    /** Sets the quantity (1..99) of a product; an unknown product is a 404 {@link ApiProblem}. */
    Cart setQuantity(String accessToken, String productId, int quantity) {
        return present(this.api.put().uri("/api/cart/items/{id}", productId)
            .header(HttpHeaders.AUTHORIZATION, bearer(accessToken))
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("quantity", quantity))
            .retrieve().body(Cart.class));
    }

    /** Removes a product; one that is not in the cart (any more) is fine: the cart is as asked. */
    void remove(String accessToken, String productId) {
        try {
            this.api.delete().uri("/api/cart/items/{id}", productId)
                .header(HttpHeaders.AUTHORIZATION, bearer(accessToken))
                .retrieve().toBodilessEntity();
        }
        catch (ApiProblem problem) {
            if (!problem.isNotFound()) {
                throw problem;
            }
        }
    }

    private static String bearer(String accessToken) {
        return "Bearer " + accessToken;
    }

    private static Cart present(@Nullable Cart cart) {
        if (cart == null) {
            throw new ApiUnavailable("the cart answered without a body");
        }
        return cart;
    }
}
