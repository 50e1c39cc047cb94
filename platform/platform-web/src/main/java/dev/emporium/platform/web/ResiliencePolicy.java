package dev.emporium.platform.web;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.Binder;

/**
 * How calls to one target service are guarded (docs/resilience.md). Each setting is read first under
 * {@code emporium.resilience.services.<service>.}, then under {@code emporium.resilience.}, then falls back to the
 * default here, which suits a small machine: a per-service override changes one setting and inherits the rest.
 *
 * @param connectTimeout how long to wait for a connection to an instance
 * @param readTimeout how long to wait for an instance's answer
 * @param maxAttempts attempts of an idempotent call, the first included
 * @param backoffBase the first retry waits up to this long (full jitter), each further one twice as long
 * @param backoffMax no retry waits longer than this
 * @param retryBudgetRatio the share of calls over the budget's window that may be retried
 * @param retryBudgetMinPerSecond retries allowed per second of the window whatever the traffic (so a quiet service
 * still retries)
 * @param retryBudgetWindow the sliding window the budget counts calls and retries over
 * @param breakerWindow the number of recent calls the breaker judges
 * @param breakerMinimumCalls calls it needs before it judges at all
 * @param breakerFailureRate the failure percentage that opens it
 * @param breakerSlowCall a call slower than this counts as slow
 * @param breakerSlowCallRate the slow-call percentage that opens it
 * @param breakerOpen how long it stays open (failing fast) before letting a few trial calls through
 * @param bulkheadMaxConcurrent calls in flight to the target at once; one more fails fast
 * @param ejectFor how long an instance that failed to answer is passed over by the load balancing
 */
record ResiliencePolicy(Duration connectTimeout, Duration readTimeout, int maxAttempts, Duration backoffBase,
        Duration backoffMax, double retryBudgetRatio, int retryBudgetMinPerSecond, Duration retryBudgetWindow,
        int breakerWindow, int breakerMinimumCalls, float breakerFailureRate, Duration breakerSlowCall,
        float breakerSlowCallRate, Duration breakerOpen, int bulkheadMaxConcurrent, Duration ejectFor) {

    static final String PREFIX = "emporium.resilience";

    static ResiliencePolicy of(Binder binder, String service) {
        Lookup at = new Lookup(binder, service);
        return new ResiliencePolicy(
                at.get("connect-timeout", Duration.class, Duration.ofSeconds(1)),
                at.get("read-timeout", Duration.class, Duration.ofSeconds(3)),
                at.get("max-attempts", Integer.class, 3),
                at.get("backoff-base", Duration.class, Duration.ofMillis(50)),
                at.get("backoff-max", Duration.class, Duration.ofSeconds(1)),
                at.get("retry-budget-ratio", Double.class, 0.2),
                at.get("retry-budget-min-per-second", Integer.class, 3),
                at.get("retry-budget-window", Duration.class, Duration.ofSeconds(10)),
                at.get("breaker-window", Integer.class, 20),
                at.get("breaker-minimum-calls", Integer.class, 10),
                at.get("breaker-failure-rate", Float.class, 50f),
                at.get("breaker-slow-call", Duration.class, Duration.ofSeconds(2)),
                at.get("breaker-slow-call-rate", Float.class, 80f),
                at.get("breaker-open", Duration.class, Duration.ofSeconds(5)),
                at.get("bulkhead-max-concurrent", Integer.class, 32),
                at.get("eject-for", Duration.class, Duration.ofSeconds(2)));
    }

    private record Lookup(Binder binder, String service) {

        <T> T get(String key, Class<T> type, T fallback) {
            return this.binder.bind(PREFIX + ".services." + this.service + "." + key, type)
                .orElseGet(() -> this.binder.bind(PREFIX + "." + key, type).orElse(fallback));
        }
    }
}
