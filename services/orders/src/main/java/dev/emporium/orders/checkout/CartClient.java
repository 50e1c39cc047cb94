package dev.emporium.orders.checkout;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.emporium.orders.order.Money;
import dev.emporium.orders.order.OrderLine;
import dev.emporium.platform.web.ServiceRestClients;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The caller's cart at the cart service, read and its ordered lines removed on the caller's behalf (their
 * {@code Authorization} header is forwarded: the cart is whoever the token says). Any failure to get an answer is a
 * {@link ServiceUnavailable}; removing the ordered lines only reports which could not be removed.
 */
@Component
class CartClient {

    private static final Logger log = LoggerFactory.getLogger(CartClient.class);

    private final RestClient cart;

    CartClient(ServiceRestClients clients) {
        this.cart = clients.forService("cart");
    }

    /** The cart's lines as order lines, in the cart's order; empty for an empty cart. */
    List<OrderLine> lines(String authorization) {
        CartContents contents = call(() -> this.cart.get()
            .uri("/api/cart")
            .header(HttpHeaders.AUTHORIZATION, authorization)
            .retrieve()
            .body(CartContents.class));
        if (contents == null || contents.items() == null || !contents.items().stream().allMatch(CartContents.Item::complete)) {
            log.warn("Cart answered with a body checkout cannot read: {}", contents);
            throw new ServiceUnavailable("cart", null);
        }
        return contents.items().stream()
            .map(item -> new OrderLine(item.productId(), item.name(), item.imageUrl(), item.quantity(), item.unitPrice()))
            .toList();
    }

    /**
     * Removes the ordered lines from the caller's cart, each only if its quantity is still the ordered one
     * ({@code DELETE /api/cart/items/{id}?ifQuantity=n}): whatever the customer added or changed since checkout read
     * the cart stays. A line already gone (404) is fine. A line that cannot be removed does not stop the others.
     * @return the ids of the products whose lines could not be removed (each failure is logged); empty when all went
     */
    List<String> removeOrdered(List<OrderLine> lines, String authorization) {
        List<String> failed = new ArrayList<>();
        for (OrderLine line : lines) {
            try {
                call(() -> this.cart.delete()
                    .uri("/api/cart/items/{productId}?ifQuantity={quantity}", line.productId(), line.quantity())
                    .header(HttpHeaders.AUTHORIZATION, authorization)
                    .retrieve()
                    .onStatus(status -> status.value() == 404, (request, response) -> {
                    })
                    .toBodilessEntity());
            }
            catch (ServiceUnavailable ex) {
                failed.add(line.productId());
            }
        }
        return failed;
    }

    private static <T> @Nullable T call(Supplier<T> request) {
        try {
            return request.get();
        }
        // RestClientException: no answer, or an error status; IllegalStateException: no instance of the cart known.
        catch (RestClientException | IllegalStateException ex) {
            log.warn("Cart unavailable: {}", ex.toString());
            throw new ServiceUnavailable("cart", ex);
        }
    }

    /** The part of the cart's answer that checkout reads. */
    record CartContents(@Nullable List<Item> items) {

        record Item(@Nullable String productId, @Nullable String name, @Nullable String imageUrl, int quantity,
                @Nullable Money unitPrice) {

            boolean complete() {
                return this.productId != null && this.name != null && this.quantity > 0 && this.unitPrice != null
                        && this.unitPrice.currency() != null;
            }
        }
    }
}
