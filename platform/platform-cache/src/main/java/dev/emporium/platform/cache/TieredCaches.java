package dev.emporium.platform.cache;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.SubscriptionListener;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes a service's {@link TieredCache}s and carries their invalidations: it listens on the channel
 * {@code <prefix>:cache:invalidations} and hands each message to the cache it names. When the subscription comes
 * back after Redis was away, messages may have been missed, so every cache drops its local values and reads the
 * shared generation afresh; between losing the connection and that, the caches are bypassed. Once a second, a cache
 * whose invalidation could not reach Redis moves to a new generation if Redis answers again.
 */
public final class TieredCaches implements MessageListener, SubscriptionListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TieredCaches.class);

    private final @Nullable SharedRedis redis;

    private final CacheProperties.@Nullable Redis settings;

    private final JsonMapper json;

    private final MeterRegistry meters;

    private final Map<String, TieredCache<?>> caches = new ConcurrentHashMap<>();

    private final AtomicBoolean subscribedBefore = new AtomicBoolean();

    private volatile boolean listening;

    private @Nullable Runnable onFirstCache;

    private final ScheduledExecutorService recovery;

    TieredCaches(@Nullable SharedRedis redis, CacheProperties.@Nullable Redis settings, JsonMapper json,
            MeterRegistry meters) {
        this.redis = redis;
        this.settings = settings;
        this.json = json;
        this.meters = meters;
        this.recovery = Executors
            .newSingleThreadScheduledExecutor(Thread.ofPlatform().name("cache-recovery").daemon().factory());
        if (redis != null) {
            this.recovery.scheduleWithFixedDelay(this::recoverDirtyCaches, 1, 1, TimeUnit.SECONDS);
        }
    }

    /** A new cache of values of {@code type}; its name must be unique in the service. */
    public <V> TieredCache<V> create(CacheSpec spec, Class<V> type) {
        return create(spec, this.json.constructType(type));
    }

    /** A new cache of values of a generic {@code type}, such as a list; its name must be unique in the service. */
    public <V> TieredCache<V> create(CacheSpec spec, TypeReference<V> type) {
        return create(spec, this.json.constructType(type));
    }

    private <V> TieredCache<V> create(CacheSpec spec, JavaType type) {
        TieredCache<V> cache = new TieredCache<>(spec, type, this.json, this.redis, this.settings,
                new CacheMeters(spec.name(), this.meters), this::listening);
        Runnable first;
        synchronized (this.caches) {
            if (this.caches.putIfAbsent(spec.name(), cache) != null) {
                throw new IllegalStateException("a cache named " + spec.name() + " exists already");
            }
            first = this.onFirstCache;
            this.onFirstCache = null;
        }
        if (first != null) {
            first.run();
        }
        Gauge.builder("emporium.cache.size", cache, TieredCache::localSize)
            .description("Values held by the local level")
            .tag("cache", spec.name())
            .register(this.meters);
        return cache;
    }

    /** Runs {@code action} now if the service has a cache, else once it makes its first. */
    void whenACacheExists(Runnable action) {
        synchronized (this.caches) {
            if (this.caches.isEmpty()) {
                this.onFirstCache = action;
                return;
            }
        }
        action.run();
    }

    /** The shared Redis, when {@code emporium.cache.redis.enabled} is on (embedded mode runs without, by default). */
    public Optional<SharedRedis> redis() {
        return Optional.ofNullable(this.redis);
    }

    @Override
    public void onMessage(Message message, byte @Nullable [] pattern) {
        Invalidation invalidation = Invalidation.decode(message.getBody());
        if (invalidation == null) {
            log.warn("Ignored a message on the cache invalidation channel that is not an invalidation");
            return;
        }
        TieredCache<?> cache = this.caches.get(invalidation.cache());
        if (cache != null) {
            cache.received(invalidation);
        }
    }

    /**
     * Every (re-)subscription, the first included: invalidations made before it were not heard, so local values are
     * dropped and the shared generation read afresh.
     */
    @Override
    public void onChannelSubscribed(byte[] channel, long count) {
        if (this.subscribedBefore.getAndSet(true)) {
            log.info("Cache invalidations are heard again: local values are dropped, invalidations may have been missed");
        }
        this.caches.values().forEach(TieredCache::resynchronize);
        this.listening = true;
    }

    /**
     * Ignored: it comes when this instance closes a subscription itself (to subscribe afresh, or at shutdown), and
     * possibly after the new subscription was confirmed. Lost connections are told by {@link #deafened}.
     */
    @Override
    public void onChannelUnsubscribed(byte[] channel, long count) {
    }

    /**
     * The connection to Redis dropped, or Redis stopped answering: invalidations can no longer be heard, so the caches
     * are bypassed until the subscription is confirmed again ({@link #onChannelSubscribed}).
     */
    void deafened(String why) {
        if (this.listening) {
            this.listening = false;
            log.warn("Cache invalidations cannot be heard ({}): the caches are bypassed until Redis is heard again", why);
        }
    }

    /**
     * Whether the invalidation channel's subscription is confirmed and no sign of a lost connection came since
     * (always true without Redis: there is no other instance to hear). While false, the caches are bypassed.
     */
    public boolean listening() {
        return this.redis == null || this.listening;
    }

    private void recoverDirtyCaches() {
        try {
            this.caches.values().forEach(TieredCache::recoverIfDirty);
        }
        catch (RuntimeException ex) {
            log.warn("Recovering caches after a Redis outage failed; trying again in a second", ex);
        }
    }

    /** The pub/sub channel of invalidations. */
    static String channel(@Nullable SharedRedis redis) {
        return redis == null ? "cache:invalidations" : redis.key("cache:invalidations");
    }

    @Override
    public void close() {
        this.recovery.shutdownNow();
    }
}
