package dev.emporium.platform.cache;

/** Redis did not answer a command (down, slow, or its circuit breaker is open): callers degrade instead. */
public class RedisUnavailable extends RuntimeException {

    RedisUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    RedisUnavailable(String message) {
        super(message);
    }
}
