package dev.emporium.cart.items;

import java.util.List;

/**
 * A user's cart as the API shows it. All lines share one currency (the cart refuses a product priced in another);
 * an empty cart totals zero US dollars. {@code itemCount} counts units, not lines.
 */
record Cart(List<CartItem> items, Money total, int itemCount) {

    static Cart of(List<CartItem> items) {
        String currency = items.isEmpty() ? Money.DEFAULT_CURRENCY : items.getFirst().unitPrice().currency();
        Money total = items.stream().map(CartItem::lineTotal).reduce(Money.zero(currency), Money::plus);
        int itemCount = items.stream().mapToInt(CartItem::quantity).sum();
        return new Cart(List.copyOf(items), total, itemCount);
    }

    /** Whether a product priced in {@code currency} can join this cart without mixing currencies. */
    boolean accepts(String productId, String currency) {
        return this.items.stream()
            .filter(item -> !item.productId().equals(productId))
            .allMatch(item -> item.unitPrice().currency().equals(currency));
    }
}
