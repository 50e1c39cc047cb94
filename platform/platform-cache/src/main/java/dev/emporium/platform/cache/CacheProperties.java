package dev.emporium.platform.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code emporium.cache.*}: the Redis the caches share and its circuit breaker.
 *
 * @param enabled whether the auto-configuration makes {@link TieredCaches} at all
 * @param redis the shared level
 * @param breaker when Redis counts as down or slow
 */
@ConfigurationProperties("emporium.cache")
public record CacheProperties(@DefaultValue("true") boolean enabled, @DefaultValue Redis redis,
        @DefaultValue Breaker breaker) {

    /**
     * @param enabled off: caches live in the instance only (embedded mode, one instance)
     * @param url {@code redis://[:password@]host:port[/database]}
     * @param timeout the longest a command may take before the read goes to the database instead (Lettuce waits 60 s
     * by default)
     * @param connectTimeout the longest a (re)connection may take
     * @param keyPrefix the first part of every key and channel, so services and platforms sharing one Redis keep apart
     * @param ttlJitter the shared TTL varies by up to this fraction either way, so values cached together do not all
     * expire (and reload) together
     * @param tombstone how long an invalidated key refuses values: a load that read the database before the change
     * cannot write the old value back after the invalidation
     * @param resubscribeInterval how often Redis is checked (a PING) and a lost pub/sub subscription tried again
     */
    public record Redis(@DefaultValue("false") boolean enabled, @DefaultValue("redis://127.0.0.1:6379") String url,
            @DefaultValue("100ms") Duration timeout, @DefaultValue("250ms") Duration connectTimeout,
            @DefaultValue("emporium") String keyPrefix, @DefaultValue("0.1") double ttlJitter,
            @DefaultValue("10s") Duration tombstone, @DefaultValue("1s") Duration resubscribeInterval) {

        public Redis {
            if (ttlJitter < 0 || ttlJitter >= 1) {
                throw new IllegalArgumentException("emporium.cache.redis.ttl-jitter must be in [0, 1)");
            }
        }
    }

    /**
     * @param failureRate percentage of failed (or slow) calls over the window that opens the breaker
     * @param window the calls the rate is measured over
     * @param minimumCalls calls before a rate is measured at all
     * @param slowCall a call slower than this counts as slow
     * @param openFor how long reads skip Redis before a few calls try it again
     */
    public record Breaker(@DefaultValue("50") float failureRate, @DefaultValue("20") int window,
            @DefaultValue("10") int minimumCalls, @DefaultValue("50ms") Duration slowCall,
            @DefaultValue("5s") Duration openFor) {
    }
}
