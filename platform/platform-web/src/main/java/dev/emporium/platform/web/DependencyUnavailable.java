package dev.emporium.platform.web;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.web.client.ResourceAccessException;

/**
 * A call to another service that did not get an answer: no instance could be reached in time, every instance answered
 * 502/503/504, its breaker is open or its bulkhead full. It is a {@link ResourceAccessException}, so callers that
 * already catch client failures keep working; the platform's problem handler answers it with a 503 problem and a
 * {@code Retry-After} of {@link #retryAfter()}.
 */
public final class DependencyUnavailable extends ResourceAccessException {

    private final String service;

    private final Reason reason;

    private final Duration retryAfter;

    DependencyUnavailable(String service, Reason reason, Duration retryAfter, @Nullable Throwable cause) {
        super(service + " unavailable: " + reason.description + (cause != null ? " (" + cause + ")" : ""));
        this.service = service;
        this.reason = reason;
        this.retryAfter = retryAfter;
        if (cause != null) {
            initCause(cause);
        }
    }

    /** The service that was called. */
    public String service() {
        return this.service;
    }

    public Reason reason() {
        return this.reason;
    }

    /** When asking again has a chance: at least a second. */
    public Duration retryAfter() {
        return this.retryAfter;
    }

    /** Why the call got no answer. */
    public enum Reason {

        /** Its breaker is open: it failed too often lately, so calls fail fast without touching it. */
        BREAKER_OPEN("circuit breaker open"),
        /** As many calls to it as allowed are in flight already. */
        BULKHEAD_FULL("too many calls in flight"),
        /** No instance of it is known. */
        NO_INSTANCE("no instance known"),
        /** Every attempt failed to connect, timed out or was answered 502/503/504. */
        NO_ANSWER("no answer");

        private final String description;

        Reason(String description) {
            this.description = description;
        }
    }
}
