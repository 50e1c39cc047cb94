package dev.emporium.gateway.protection;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's own protection (docs/resilience.md). Limits hold per gateway instance: behind nginx with two gateways a
 * client may get up to twice as much.
 *
 * @param trustedProxies addresses or CIDR ranges whose {@code X-Forwarded-For} is believed (the edge on loopback)
 * @param shedding the cap on requests in flight
 * @param rateLimits the token buckets per client
 */
@ConfigurationProperties("emporium.gateway")
record ProtectionProperties(@DefaultValue({ "127.0.0.0/8", "::1" }) List<String> trustedProxies,
        @DefaultValue Shedding shedding, @DefaultValue RateLimits rateLimits) {

    /**
     * @param enabled whether requests beyond the cap are refused
     * @param maxConcurrent requests in flight at once, health and metrics endpoints aside
     * @param maxWait how long a request beyond the cap may wait for a place before it is refused
     */
    record Shedding(@DefaultValue("true") boolean enabled, @DefaultValue("200") int maxConcurrent,
            @DefaultValue("5ms") Duration maxWait) {
    }

    /**
     * @param enabled whether clients are limited
     * @param anonymous the bucket of each client address without a bearer token
     * @param user the bucket of each token subject
     * @param auth the bucket of each client address for {@code POST /api/auth/login} and {@code /api/auth/register},
     * on top of the others
     */
    record RateLimits(@DefaultValue("true") boolean enabled, @Nullable Limit anonymous, @Nullable Limit user,
            @Nullable Limit auth) {

        RateLimits {
            // Defaults generous enough for a load test that spreads its clients over many addresses; strict on logins.
            anonymous = anonymous != null ? anonymous : new Limit(50, Duration.ofSeconds(1), 100);
            user = user != null ? user : new Limit(30, Duration.ofSeconds(1), 60);
            auth = auth != null ? auth : new Limit(10, Duration.ofMinutes(1), 10);
        }
    }

    /** {@code permits} every {@code period}, with up to {@code burst} saved up. */
    record Limit(int permits, Duration period, int burst) {
    }
}
