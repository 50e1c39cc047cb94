package dev.emporium.platform.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * A read-through cache of values of one type by string key, in two levels.
 * <ol>
 * <li><b>Local</b> (Caffeine, {@link CacheSpec#localTtl()}): one entry per key holds the value or the load in flight,
 * so concurrent readers of a missing key wait for one load (one loader per key per instance, however many
 * readers).</li>
 * <li><b>Shared</b> (Redis, {@link CacheSpec#sharedTtl()} ± jitter), as JSON under
 * {@code <prefix>:cache:<name>:<generation>:<key>}. A value is written only where none is (SET NX), and only if no
 * invalidation reached this instance while it loaded.</li>
 * </ol>
 * {@link #invalidate(String)} drops a key on every instance: locally at once, in Redis by a short-lived tombstone
 * (which also keeps a load that read the database before the change from writing the old value back), and on the
 * other instances by a pub/sub message. {@link #invalidateAll()} moves the cache to a new generation, so no value of
 * the old one is read again, and tells the others. An invalidation that cannot reach Redis marks the cache dirty;
 * {@link TieredCaches} moves it to a new generation as soon as Redis answers again.
 * <p>
 * When Redis fails, is slow or its breaker is open, the shared level is skipped: readers get the loader's value,
 * never an error of the cache. While the instance cannot hear invalidations ({@link TieredCaches#listening()} false:
 * from the moment its Redis connection drops until it has subscribed again), both levels are skipped, since either
 * may hold a value another instance changed meanwhile. Null values are not cached.
 *
 * @param <V> the values' type, read and written as JSON by the service's {@link JsonMapper}
 */
public final class TieredCache<V> {

    private static final Logger log = LoggerFactory.getLogger(TieredCache.class);

    private static final byte[] TOMBSTONE = new byte[0];

    private final CacheSpec spec;

    private final JavaType type;

    private final JsonMapper json;

    private final @Nullable SharedRedis redis;

    private final CacheProperties.@Nullable Redis settings;

    private final CacheMeters meters;

    /** Whether this instance hears the other instances' invalidations now (always, without Redis). */
    private final BooleanSupplier hearing;

    private final AsyncCache<String, V> local;

    /** Bumped by every invalidation this instance makes or hears of: a load that saw it move keeps its value to itself. */
    private final AtomicLong changes = new AtomicLong();

    /** The shared level's generation as this instance knows it; -1 while unknown (read from Redis when next needed). */
    private volatile long generation = -1;

    private volatile boolean dirty;

    TieredCache(CacheSpec spec, JavaType type, JsonMapper json, @Nullable SharedRedis redis,
            CacheProperties.@Nullable Redis settings, CacheMeters meters, BooleanSupplier hearing) {
        this.spec = spec;
        this.type = type;
        this.json = json;
        this.redis = redis;
        this.settings = settings;
        this.meters = meters;
        this.hearing = hearing;
        this.local = Caffeine.newBuilder()
            .expireAfterWrite(spec.localTtl())
            .maximumSize(spec.localMaxSize())
            .removalListener((String key, V value, RemovalCause cause) -> meters.evicted(cause))
            .buildAsync();
    }

    public String name() {
        return this.spec.name();
    }

    /**
     * The value of {@code key}: from this instance, else from Redis, else from {@code loader} (whose value is then
     * cached at both levels, unless null). Concurrent callers for the same key share one load.
     */
    public @Nullable V get(String key, Supplier<? extends @Nullable V> loader) {
        checkKey(key);
        if (!this.hearing.getAsBoolean()) {
            // Deaf to invalidations (Redis went away, or has not been heard from since it came back): neither level
            // can be trusted, so the database answers, and nothing is kept.
            this.meters.localMiss();
            return this.meters.load(loader);
        }
        CompletableFuture<V> cached = this.local.getIfPresent(key);
        if (cached == null) {
            CompletableFuture<V> mine = new CompletableFuture<>();
            cached = this.local.asMap().putIfAbsent(key, mine);
            if (cached == null) {
                this.meters.localMiss();
                return loadInto(mine, key, loader);
            }
        }
        this.meters.localHit();
        return join(cached);
    }

    private @Nullable V loadInto(CompletableFuture<V> mine, String key, Supplier<? extends @Nullable V> loader) {
        long changesBefore = this.changes.get();
        try {
            V value = loadShared(key, loader, changesBefore);
            // Caffeine drops an entry whose future completes with null or fails.
            mine.complete(value);
            if (this.changes.get() != changesBefore) {
                this.local.asMap().remove(key, mine);
            }
            return value;
        }
        catch (RuntimeException | Error ex) {
            mine.completeExceptionally(ex);
            throw ex;
        }
    }

    private @Nullable V loadShared(String key, Supplier<? extends @Nullable V> loader, long changesBefore) {
        String sharedKey = sharedKey(key);
        if (sharedKey != null) {
            String asked = sharedKey;
            try {
                byte[] stored = this.redis.call(redis -> redis.opsForValue().get(asked));
                if (stored != null && stored.length > 0) {
                    V value = decode(key, stored);
                    if (value != null) {
                        this.meters.sharedHit();
                        return value;
                    }
                    // Unreadable (written by another version of the service, say): the load below replaces it.
                    this.redis.call(redis -> redis.delete(asked));
                }
                this.meters.sharedMiss();
            }
            catch (RedisUnavailable ex) {
                sharedKey = null;
            }
        }
        V value = this.meters.load(loader);
        if (value != null && sharedKey != null && this.changes.get() == changesBefore) {
            byte[] encoded = this.json.writeValueAsBytes(value);
            String written = sharedKey;
            try {
                this.redis.call(redis -> redis.opsForValue().setIfAbsent(written, encoded, sharedTtl()));
            }
            catch (RedisUnavailable ex) {
                // The value is cached locally; another reader will write it to Redis once Redis answers.
            }
        }
        return value;
    }

    /** Drops {@code key} here, in Redis and, over pub/sub, on every other instance. */
    public void invalidate(String key) {
        checkKey(key);
        dropLocally(key);
        this.meters.invalidated(false);
        if (this.redis == null) {
            return;
        }
        try {
            long current = knownGeneration();
            Duration tombstone = this.settings.tombstone();
            this.redis.call(redis -> {
                redis.opsForValue().set(sharedKey(current, key), TOMBSTONE, tombstone);
                return redis.convertAndSend(channel(), new Invalidation(name(), current, key).encode());
            });
        }
        catch (RedisUnavailable ex) {
            markDirty(ex);
        }
    }

    /** Drops every key here, in Redis (by moving to a new generation) and, over pub/sub, on every other instance. */
    public void invalidateAll() {
        dropAllLocally();
        this.meters.invalidated(true);
        if (this.redis == null) {
            return;
        }
        try {
            moveToNewGeneration();
        }
        catch (RedisUnavailable ex) {
            markDirty(ex);
        }
    }

    /** A message from an instance (this one included): drop what it names. */
    void received(Invalidation invalidation) {
        if (invalidation.key() == null) {
            dropAllLocally();
            this.generation = Math.max(this.generation, invalidation.generation());
        }
        else {
            dropLocally(invalidation.key());
        }
    }

    /** The subscription was lost, so messages may have been missed: start afresh from Redis's generation. */
    void resynchronize() {
        dropAllLocally();
        this.generation = -1;
    }

    /** If an invalidation could not reach Redis, moves the shared level to a new generation now. */
    void recoverIfDirty() {
        if (!this.dirty || this.redis == null) {
            return;
        }
        try {
            moveToNewGeneration();
            this.dirty = false;
            log.info("Cache {}: Redis answers again, the shared level starts afresh after invalidations it missed",
                    name());
        }
        catch (RedisUnavailable ex) {
            // Still dirty: tried again on the next round.
        }
    }

    boolean dirty() {
        return this.dirty;
    }

    private void moveToNewGeneration() {
        Long next = this.redis.call(redis -> redis.opsForValue().increment(generationKey()));
        long moved = next != null ? next : 0;
        this.generation = Math.max(this.generation, moved);
        this.redis.call(redis -> redis.convertAndSend(channel(), new Invalidation(name(), moved, null).encode()));
    }

    private void markDirty(RedisUnavailable ex) {
        this.dirty = true;
        log.warn("Cache {}: an invalidation did not reach Redis ({}); the shared level starts afresh once Redis answers",
                name(), ex.getMessage());
    }

    private void dropLocally(String key) {
        this.changes.incrementAndGet();
        this.local.synchronous().invalidate(key);
    }

    private void dropAllLocally() {
        this.changes.incrementAndGet();
        this.local.synchronous().invalidateAll();
    }

    /**
     * The shared key of {@code key} in the current generation, or null when Redis is not to be asked now: without
     * Redis, and while the cache is dirty, since Redis may then hold a value an invalidation did not reach.
     */
    private @Nullable String sharedKey(String key) {
        if (this.redis == null || this.dirty) {
            return null;
        }
        try {
            return sharedKey(knownGeneration(), key);
        }
        catch (RedisUnavailable ex) {
            return null;
        }
    }

    private long knownGeneration() {
        long known = this.generation;
        if (known >= 0) {
            return known;
        }
        byte[] stored = this.redis.call(redis -> redis.opsForValue().get(generationKey()));
        long read = stored == null ? 0 : Long.parseLong(new String(stored, StandardCharsets.US_ASCII));
        this.generation = Math.max(this.generation, read);
        return this.generation;
    }

    private String sharedKey(long generation, String key) {
        return this.redis.key("cache:" + name() + ":" + generation + ":" + key);
    }

    private String generationKey() {
        return this.redis.key("cache:" + name() + ":generation");
    }

    private String channel() {
        return TieredCaches.channel(this.redis);
    }

    private Duration sharedTtl() {
        double jitter = this.settings.ttlJitter();
        double factor = 1 + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextDouble(-jitter, jitter));
        return Duration.ofMillis(Math.max(1, Math.round(this.spec.sharedTtl().toMillis() * factor)));
    }

    private @Nullable V decode(String key, byte[] stored) {
        try {
            return this.json.readValue(stored, this.type);
        }
        catch (JacksonException ex) {
            log.warn("Cache {}: the shared value of {} does not read as {}: {}", name(), key, this.type, ex.getMessage());
            return null;
        }
    }

    private static <V> @Nullable V join(CompletableFuture<V> future) {
        try {
            return future.join();
        }
        catch (CompletionException ex) {
            if (ex.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (ex.getCause() instanceof Error error) {
                throw error;
            }
            throw ex;
        }
    }

    private static void checkKey(String key) {
        if (key.isEmpty() || key.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("cache keys are not empty and hold no line break");
        }
    }

    /** Values held locally (for tests and the size gauge). */
    long localSize() {
        return this.local.synchronous().estimatedSize();
    }
}
