package dev.emporium.platform.web;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import dev.emporium.platform.web.DependencyUnavailable.Reason;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.ResourceAccessException;

/**
 * The one place where a call to another service is guarded (DESIGN §7, docs/resilience.md), for the platform's
 * clients ({@link ServiceRestClients}) and the gateway's routes alike. Per target service: a bulkhead (calls in
 * flight, fail fast when full), a circuit breaker (count-based window of failure and slow-call rates, fail fast while
 * open) judging whole calls, and inside them the retries: only of idempotent calls, after a connection failure, a
 * timeout or a 502/503/504, at most {@code max-attempts} in all, with exponential backoff and full jitter, each to an
 * instance the load balancer chooses again (avoiding those already tried), and only while the target's
 * {@link RetryBudget} allows. An instance that failed to answer is passed over by every call for
 * {@code eject-for} (passive health checking, as nginx's {@code max_fails}): without it, with one instance of two
 * dead, half the calls would need a retry, far beyond the budget.
 *
 * <p>The breaker sits outside the retries on purpose: with one instance of two dead, retried calls still succeed,
 * and the breaker must not open the whole service because of one instance.
 */
public final class ServiceResilience {

    private static final Logger log = LoggerFactory.getLogger(ServiceResilience.class);

    /** How long a caller is told to wait when no attempt got an answer. */
    static final Duration RETRY_AFTER_NO_ANSWER = Duration.ofSeconds(2);

    private final Binder properties;

    private final LoadBalancerClient loadBalancer;

    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();

    private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();

    private final MeterRegistry meters;

    private final Map<String, Target> targets = new ConcurrentHashMap<>();

    ServiceResilience(Binder properties, LoadBalancerClient loadBalancer, @Nullable MeterRegistry meters) {
        this.properties = properties;
        this.loadBalancer = loadBalancer;
        this.meters = meters != null ? meters : new SimpleMeterRegistry();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(this.breakers).bindTo(this.meters);
        TaggedBulkheadMetrics.ofBulkheadRegistry(this.bulkheads).bindTo(this.meters);
    }

    /**
     * Whether a request may be sent twice: its method is idempotent (GET, HEAD, OPTIONS, PUT, DELETE) or it carries an
     * {@code Idempotency-Key}, which the receiving service uses to answer a repeat with the first outcome.
     */
    public static boolean idempotent(HttpMethod method, HttpHeaders headers) {
        return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.OPTIONS)
                || method.equals(HttpMethod.PUT) || method.equals(HttpMethod.DELETE) || headers.containsHeader("Idempotency-Key");
    }

    /** The statuses that say the instance could not serve the request at all, so another instance might. */
    public static boolean unavailableStatus(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    /**
     * Makes one guarded call to {@code service}.
     *
     * @param idempotent whether the call may be repeated (see {@link #idempotent})
     * @param unavailable whether an answer is an instance's failure (a 502/503/504): retried if allowed, and counted
     * by the breaker; the last one is returned as it is
     * @param discard frees an answer that is dropped for a retry (closes its body)
     * @param attempt sends the request to the instance given
     * @throws DependencyUnavailable when the breaker is open, the bulkhead full, no instance is known, or the last
     * attempt failed to connect or timed out; anything else {@code attempt} throws passes through
     */
    public <T> T call(String service, boolean idempotent, Predicate<T> unavailable, Consumer<T> discard, Attempt<T> attempt)
            throws Exception {
        Target target = target(service);
        if (!target.bulkhead().tryAcquirePermission()) {
            throw new DependencyUnavailable(service, Reason.BULKHEAD_FULL, Duration.ofSeconds(1), null);
        }
        try {
            if (!target.breaker().tryAcquirePermission()) {
                throw new DependencyUnavailable(service, Reason.BREAKER_OPEN, atLeastASecond(target.policy().breakerOpen()), null);
            }
            long start = System.nanoTime();
            try {
                T answer = attempts(service, target, idempotent, unavailable, discard, attempt);
                if (unavailable.test(answer)) {
                    target.breaker().onError(System.nanoTime() - start, TimeUnit.NANOSECONDS,
                            new DependencyUnavailable(service, Reason.NO_ANSWER, RETRY_AFTER_NO_ANSWER, null));
                }
                else {
                    target.breaker().onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
                return answer;
            }
            catch (DependencyUnavailable ex) {
                target.breaker().onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
                throw ex;
            }
            catch (Exception | Error ex) {
                // Not the target's failure (a bug, a body that could not be written): the breaker does not judge it.
                target.breaker().releasePermission();
                throw ex;
            }
        }
        finally {
            target.bulkhead().onComplete();
        }
    }

    private <T> T attempts(String service, Target target, boolean idempotent, Predicate<T> unavailable, Consumer<T> discard,
            Attempt<T> attempt) throws Exception {
        target.budget().onCall();
        Set<URI> tried = new HashSet<>();
        Exception lastFailure = null;
        for (int number = 1;; number++) {
            ServiceInstance instance = choose(service, target, tried);
            if (instance == null) {
                throw new DependencyUnavailable(service, Reason.NO_INSTANCE, RETRY_AFTER_NO_ANSWER, lastFailure);
            }
            tried.add(instance.getUri());
            T answer = null;
            try {
                answer = attempt.send(instance);
                if (!unavailable.test(answer)) {
                    return answer;
                }
            }
            catch (IOException | ResourceAccessException ex) {
                if (ex instanceof DependencyUnavailable) {
                    throw ex;
                }
                lastFailure = ex;
            }
            target.eject(instance.getUri(), System.nanoTime() + target.policy().ejectFor().toNanos());
            if (!idempotent || number >= target.policy().maxAttempts()) {
                return giveUp(service, answer, lastFailure);
            }
            if (!target.budget().tryRetry()) {
                target.retries(this.meters, "budget_exhausted").increment();
                log.debug("Retry budget of {} exhausted", service);
                return giveUp(service, answer, lastFailure);
            }
            if (answer != null) {
                discard.accept(answer);
            }
            target.retries(this.meters, "retried").increment();
            backoff(service, target.policy(), number);
        }
    }

    private static <T> T giveUp(String service, @Nullable T answer, @Nullable Exception failure) {
        if (answer != null) {
            return answer;
        }
        throw new DependencyUnavailable(service, Reason.NO_ANSWER, RETRY_AFTER_NO_ANSWER, failure);
    }

    /** Full jitter: a random wait between 0 and base·2^(n-1), capped, so retries of many callers spread out. */
    private static void backoff(String service, ResiliencePolicy policy, int attempt) {
        long ceiling = Math.min(policy.backoffMax().toNanos(), policy.backoffBase().toNanos() << Math.min(attempt - 1, 20));
        long wait = ceiling > 0 ? ThreadLocalRandom.current().nextLong(ceiling + 1) : 0;
        try {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailable(service, Reason.NO_ANSWER, RETRY_AFTER_NO_ANSWER, ex);
        }
    }

    /**
     * An instance of {@code service} from the load balancer, one not tried yet by this call when it offers one within
     * a few picks (round robin offers each in turn); an instance tried before when there is no other.
     */
    private @Nullable ServiceInstance choose(String service, Target target, Set<URI> tried) {
        long now = System.nanoTime();
        ServiceInstance untried = null;
        ServiceInstance any = null;
        for (int pick = 0; pick < 8; pick++) {
            ServiceInstance candidate = this.loadBalancer.choose(service);
            if (candidate == null) {
                break;
            }
            boolean fresh = !tried.contains(candidate.getUri());
            if (fresh && !target.ejected(candidate.getUri(), now)) {
                return candidate;
            }
            untried = untried == null && fresh ? candidate : untried;
            any = any == null ? candidate : any;
        }
        // Every instance offered was tried or recently failed: an untried one still beats one that just failed.
        return untried != null ? untried : any;
    }

    /** {@code uri} (its host the service's name, or the gateway's own) pointed at {@code instance}. */
    public URI uriAt(ServiceInstance instance, URI uri) {
        return this.loadBalancer.reconstructURI(instance, uri);
    }

    /** The policy calls to {@code service} follow. */
    ResiliencePolicy policy(String service) {
        return target(service).policy();
    }

    /** The breaker of calls to {@code service} (its state is in the metrics as {@code resilience4j_circuitbreaker_state}). */
    public CircuitBreaker breaker(String service) {
        return target(service).breaker();
    }

    private Target target(String service) {
        return this.targets.computeIfAbsent(service, name -> {
            ResiliencePolicy policy = ResiliencePolicy.of(this.properties, name);
            CircuitBreaker breaker = this.breakers.circuitBreaker(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(policy.breakerWindow())
                .minimumNumberOfCalls(policy.breakerMinimumCalls())
                .failureRateThreshold(policy.breakerFailureRate())
                .slowCallDurationThreshold(policy.breakerSlowCall())
                .slowCallRateThreshold(policy.breakerSlowCallRate())
                .waitDurationInOpenState(policy.breakerOpen())
                .permittedNumberOfCallsInHalfOpenState(3)
                .build());
            breaker.getEventPublisher().onStateTransition(event -> log.warn("Circuit breaker of {}: {}", name,
                    event.getStateTransition()));
            Bulkhead bulkhead = this.bulkheads.bulkhead(name, BulkheadConfig.custom()
                .maxConcurrentCalls(policy.bulkheadMaxConcurrent())
                .maxWaitDuration(Duration.ZERO)
                .build());
            RetryBudget budget = new RetryBudget(policy.retryBudgetRatio(), policy.retryBudgetMinPerSecond(),
                    policy.retryBudgetWindow(), System::nanoTime);
            return new Target(name, policy, breaker, bulkhead, budget, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        });
    }

    private static Duration atLeastASecond(Duration duration) {
        return duration.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : duration;
    }

    /** Sends the request to one instance. */
    @FunctionalInterface
    public interface Attempt<T> {

        T send(ServiceInstance instance) throws Exception;
    }

    private record Target(String name, ResiliencePolicy policy, CircuitBreaker breaker, Bulkhead bulkhead,
            RetryBudget budget, Map<String, Counter> counters, Map<URI, Long> ejectedUntil) {

        void eject(URI instance, long untilNanos) {
            this.ejectedUntil.put(instance, untilNanos);
        }

        boolean ejected(URI instance, long nowNanos) {
            Long until = this.ejectedUntil.get(instance);
            if (until == null) {
                return false;
            }
            if (until - nowNanos <= 0) {
                this.ejectedUntil.remove(instance, until);
                return false;
            }
            return true;
        }

        /** {@code emporium.client.retries{target, outcome}}: retries made, and retries the budget refused. */
        Counter retries(MeterRegistry meters, String outcome) {
            return this.counters.computeIfAbsent(outcome, key -> Counter.builder("emporium.client.retries")
                        .description("Retries of calls to another service, and retries the retry budget refused")
                        .tag("target", this.name)
                        .tag("outcome", key)
                        .register(meters));
        }
    }
}
