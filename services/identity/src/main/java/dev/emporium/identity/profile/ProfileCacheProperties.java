package dev.emporium.identity.profile;

import java.time.Duration;

import dev.emporium.platform.cache.CacheSpec;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code emporium.identity.profile-cache.*}: the profile cache (defaults in {@code identity.yml}). Every change
 * invalidates the profile at once on every instance, so the lifetimes bound staleness only when an invalidation is
 * lost: the local level's for an instance that missed a message, the shared level's for Redis.
 *
 * @param enabled off: every read goes to the database (to compare in the benchmark, and to rule the cache out)
 */
@ConfigurationProperties("emporium.identity.profile-cache")
record ProfileCacheProperties(@DefaultValue("true") boolean enabled, @DefaultValue("5s") Duration localTtl,
        @DefaultValue("10000") long localMaxSize, @DefaultValue("10m") Duration sharedTtl) {

    static final String NAME = "identity.profiles";

    CacheSpec spec() {
        return new CacheSpec(NAME, this.localTtl, this.localMaxSize, this.sharedTtl);
    }
}
