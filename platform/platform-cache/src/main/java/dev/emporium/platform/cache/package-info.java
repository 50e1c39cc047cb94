/**
 * Two-level read-through caches (DESIGN §6): {@link TieredCache} keeps values in the instance (Caffeine, seconds) and
 * in Redis shared by every instance (minutes, TTL with jitter); changes are invalidated on every instance over Redis
 * pub/sub; one loader per key runs in an instance under a stampede; and {@link SharedRedis}'s circuit breaker sends
 * reads to the loader (the database) while Redis is down or slow. Without Redis (embedded mode) the caches are
 * Caffeine only. {@link TieredCaches} makes the caches of a service.
 */
@NullMarked
package dev.emporium.platform.cache;

import org.jspecify.annotations.NullMarked;
