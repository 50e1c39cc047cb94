package dev.emporium.storefront.profile;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/** The customer's profile, {@code GET /api/account}: the default address is one of {@code addresses}, or none. */
public record Profile(String id, String email, String name, boolean marketingOptIn, @Nullable String defaultAddressId,
        List<SavedAddress> addresses, @Nullable Instant createdAt) {

    /** How many addresses an account may keep; the API refuses the next one with a 409. */
    public static final int MAX_ADDRESSES = 20;

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.US)
        .withZone(ZoneOffset.UTC);

    public Profile {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }

    public boolean isDefault(SavedAddress address) {
        return address.id().equals(this.defaultAddressId);
    }

    public Optional<SavedAddress> defaultAddress() {
        return this.addresses.stream().filter(this::isDefault).findFirst();
    }

    /** "March 2026", or empty when the API did not say. */
    public String memberSince() {
        return this.createdAt == null ? "" : MONTH.format(this.createdAt);
    }

    public boolean hasRoomForAnotherAddress() {
        return this.addresses.size() < MAX_ADDRESSES;
    }
}
