package dev.emporium.identity.profile;

import java.util.Optional;
import java.util.UUID;

import dev.emporium.platform.cache.TieredCache;
import dev.emporium.platform.cache.TieredCaches;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * Profiles as the API reads and changes them. Reads go through the profile cache ({@link TieredCache}: this
 * instance's memory, then Redis, then the user's shard); every change is committed on the shard first, then
 * invalidates the profile here, in Redis and on every other instance, so the customer's next read, on any instance,
 * loads their change from the database.
 */
@Service
@EnableConfigurationProperties(ProfileCacheProperties.class)
class Profiles {

    private final ProfileRepository repository;

    private final @Nullable TieredCache<Profile> cache;

    Profiles(ProfileRepository repository, ObjectProvider<TieredCaches> caches, ProfileCacheProperties properties) {
        this.repository = repository;
        TieredCaches available = properties.enabled() ? caches.getIfAvailable() : null;
        this.cache = available == null ? null : available.create(properties.spec(), Profile.class);
    }

    Optional<Profile> find(String userId) {
        if (this.cache == null) {
            return this.repository.find(userId);
        }
        return Optional.ofNullable(this.cache.get(userId, () -> this.repository.find(userId).orElse(null)));
    }

    Profile update(String userId, ProfileChanges changes) {
        if (!changes.isEmpty()) {
            boolean found = this.repository.update(userId, changes);
            invalidate(userId);
            if (!found) {
                throw new ProfileNotFound();
            }
        }
        return find(userId).orElseThrow(ProfileNotFound::new);
    }

    Address addAddress(String userId, AddressRequest request) {
        Address address = request.toAddress(UUID.randomUUID().toString());
        this.repository.addAddress(userId, address);
        invalidate(userId);
        return address;
    }

    Address replaceAddress(String userId, String addressId, AddressRequest request) {
        Address address = request.toAddress(addressId);
        this.repository.replaceAddress(userId, address);
        invalidate(userId);
        return address;
    }

    void deleteAddress(String userId, String addressId) {
        this.repository.deleteAddress(userId, addressId);
        invalidate(userId);
    }

    private void invalidate(String userId) {
        if (this.cache != null) {
            this.cache.invalidate(userId);
        }
    }
}
