package dev.emporium.orders.order;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** The id of an order: a UUID, shown in its canonical lower-case form. */
public record OrderId(UUID value) {

    private static final Pattern CANONICAL = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /**
     * The id of the order that the user's checkout with this idempotency key places. It is derived, not random: a
     * client that retries after an unknown outcome (a timeout during COMMIT, a lost response) arrives at the same id,
     * so it finds the order that was placed and inventory finds the reservation made for it, never a second one.
     * The key cannot contain a newline, so distinct (user, key) pairs never run together into one name.
     */
    public static OrderId forCheckout(String userId, String idempotencyKey) {
        return new OrderId(UUID.nameUUIDFromBytes((userId + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8)));
    }

    /** The id written as {@code text}, if it is a canonical UUID; anything else names no order. */
    public static Optional<OrderId> parse(String text) {
        return CANONICAL.matcher(text).matches() ? Optional.of(new OrderId(UUID.fromString(text))) : Optional.empty();
    }

    @Override
    public String toString() {
        return this.value.toString();
    }
}
