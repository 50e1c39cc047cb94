package dev.emporium.platform.cache;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.data.redis.core.RedisOperations;

/**
 * The Redis every instance of a service shares, behind a circuit breaker: each command either answers within the
 * configured timeout or throws {@link RedisUnavailable}, and while the breaker is open commands are not even sent,
 * so a Redis that is down or slow costs callers nothing. Keys are strings, values bytes. Besides the caches, services
 * use it for shared data that may be lost with Redis (the popular products' sorted set): Redis is never the only home
 * of anything that must not be lost (DESIGN §2).
 */
public final class SharedRedis {

    private final RedisOperations<String, byte[]> redis;

    private final CircuitBreaker breaker;

    private final String keyPrefix;

    SharedRedis(RedisOperations<String, byte[]> redis, CircuitBreaker breaker, String keyPrefix) {
        this.redis = redis;
        this.breaker = breaker;
        this.keyPrefix = keyPrefix;
    }

    /**
     * Runs {@code command} unless the breaker is open, recording its outcome and duration on the breaker.
     *
     * @throws RedisUnavailable when the breaker is open or the command failed or timed out
     */
    public <T> T call(Function<RedisOperations<String, byte[]>, T> command) {
        if (!this.breaker.tryAcquirePermission()) {
            throw new RedisUnavailable("Redis is skipped while its circuit breaker is open");
        }
        long start = System.nanoTime();
        try {
            T result = command.apply(this.redis);
            this.breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return result;
        }
        catch (RuntimeException ex) {
            this.breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
            throw new RedisUnavailable("Redis did not answer: " + ex.getMessage(), ex);
        }
    }

    /** {@code <prefix>:<name>}: the key prefix keeps services and platforms that share one Redis apart. */
    public String key(String name) {
        return this.keyPrefix + ":" + name;
    }

    CircuitBreaker breaker() {
        return this.breaker;
    }
}
