package dev.emporium.gateway.protection;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps the requests in flight through the gateway: beyond {@code max-concurrent} a request waits at most
 * {@code max-wait} for a place, then is answered at once with a 503 problem and {@code Retry-After: 1}, before any
 * downstream call. Past capacity, queueing only adds latency to every request; refusing the excess keeps the latency
 * of those served where it was (DESIGN §7). A fixed limit, not an adaptive one: docs/resilience.md says why.
 *
 * <p>Requests whose client is one of our own addresses (a trusted proxy: loopback on one machine) are neither counted
 * nor refused. Those are the platform calling itself, the storefront's API calls through the edge for a page that was
 * already let in: refusing them would waste the work done for that page, and there are at most a few per page.
 */
final class LoadShedding extends OncePerRequestFilter {

    private final Semaphore places;

    private final long maxWaitNanos;

    private final ClientAddress addresses;

    private final Rejections rejections;

    private final Counter shed;

    LoadShedding(ProtectionProperties.Shedding settings, ClientAddress addresses, Rejections rejections,
            MeterRegistry meters) {
        this.places = new Semaphore(settings.maxConcurrent());
        this.maxWaitNanos = settings.maxWait().toNanos();
        this.addresses = addresses;
        this.rejections = rejections;
        this.shed = Counter.builder("emporium.gateway.rejected")
            .description("Requests the gateway refused before any downstream call, by reason")
            .tag("reason", "shed")
            .register(meters);
        Gauge.builder("emporium.gateway.in.flight", this.places, places -> settings.maxConcurrent() - places.availablePermits())
            .description("Requests of outside clients in flight through the gateway (those the shedding counts)")
            .register(meters);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (Rejections.operational(request) || this.addresses.trusted(this.addresses.of(request))) {
            chain.doFilter(request, response);
            return;
        }
        if (!acquire()) {
            this.shed.increment();
            this.rejections.reject(request, response, HttpStatus.SERVICE_UNAVAILABLE, "Overloaded",
                    "The service is busy. Try again in a moment.", 1);
            return;
        }
        try {
            chain.doFilter(request, response);
        }
        finally {
            this.places.release();
        }
    }

    private boolean acquire() {
        if (this.places.tryAcquire()) {
            return true;
        }
        try {
            return this.maxWaitNanos > 0 && this.places.tryAcquire(this.maxWaitNanos, TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
