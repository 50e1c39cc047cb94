package dev.emporium.identity.profile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A customer's profile, as {@code GET /api/account} shows it and as the cache keeps it (in Redis too): nothing that
 * is secret or exists only there (no password hash, no token). Addresses in the order they were added.
 *
 * @param email read-only here: it is the account's login
 * @param defaultAddressId one of {@code addresses}, or null when the customer has none or chose none
 */
record Profile(String id, String email, String name, boolean marketingOptIn, @Nullable String defaultAddressId,
        List<Address> addresses, Instant createdAt) {

    static final int MAX_ADDRESSES = 20;

    Profile {
        addresses = List.copyOf(addresses);
    }

    Optional<Address> address(String addressId) {
        return this.addresses.stream().filter(address -> address.id().equals(addressId)).findFirst();
    }
}
