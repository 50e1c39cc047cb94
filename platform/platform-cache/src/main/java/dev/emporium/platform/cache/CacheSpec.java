package dev.emporium.platform.cache;

import java.time.Duration;

/**
 * One cache's sizes and lifetimes.
 *
 * @param name the cache's name: its metrics tag, its Redis key prefix and its invalidation address
 * @param localTtl how long an instance keeps a value (the longest it can serve a value another instance changed, if
 * the invalidation message is lost)
 * @param localMaxSize how many values an instance keeps
 * @param sharedTtl how long Redis keeps a value, before jitter
 */
public record CacheSpec(String name, Duration localTtl, long localMaxSize, Duration sharedTtl) {

    public CacheSpec {
        if (!name.matches("[a-z0-9.-]{1,64}")) {
            throw new IllegalArgumentException("cache name '" + name + "' is not lower-case letters, digits, dots and dashes");
        }
        if (localTtl.isNegative() || localTtl.isZero() || sharedTtl.isNegative() || sharedTtl.isZero()) {
            throw new IllegalArgumentException("cache " + name + ": lifetimes must be positive");
        }
        if (localMaxSize < 1) {
            throw new IllegalArgumentException("cache " + name + ": local-max-size must be at least 1");
        }
    }
}
