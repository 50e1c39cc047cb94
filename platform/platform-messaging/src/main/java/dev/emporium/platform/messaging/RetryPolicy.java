package dev.emporium.platform.messaging;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * How often a failing message is tried, and how long to wait between tries: one attempt plus one per step of the
 * backoff, then the parking lot.
 *
 * @param backoff the delay before each retry, such as 1 s, 5 s, 30 s
 */
public record RetryPolicy(List<Duration> backoff) {

    public RetryPolicy {
        backoff = List.copyOf(backoff);
    }

    public int maxAttempts() {
        return this.backoff.size() + 1;
    }

    /** The delay before the attempt after {@code attempt}, or {@code null} when that was the last. */
    public @Nullable Duration delayAfter(int attempt) {
        return attempt >= 1 && attempt <= this.backoff.size() ? this.backoff.get(attempt - 1) : null;
    }
}
