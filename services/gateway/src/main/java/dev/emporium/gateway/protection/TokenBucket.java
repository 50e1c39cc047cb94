package dev.emporium.gateway.protection;

/**
 * A token bucket: {@code burst} tokens at most, refilled continuously at the limit's rate; a request takes one. Time
 * is passed in (nanoseconds) so that tests need no clock.
 */
final class TokenBucket {

    private final double capacity;

    private final double tokensPerNano;

    private double tokens;

    private long refilledAt;

    TokenBucket(ProtectionProperties.Limit limit, long now) {
        this.capacity = limit.burst();
        this.tokensPerNano = (double) limit.permits() / limit.period().toNanos();
        this.tokens = this.capacity;
        this.refilledAt = now;
    }

    /** Takes a token: 0 when there was one, else how many nanoseconds until there will be. */
    synchronized long take(long now) {
        this.tokens = Math.min(this.capacity, this.tokens + (now - this.refilledAt) * this.tokensPerNano);
        this.refilledAt = now;
        if (this.tokens >= 1) {
            this.tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - this.tokens) / this.tokensPerNano);
    }
}
