package dev.emporium.platform.web;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Drains an instance before it stops: when its context starts closing, readiness turns to REFUSING_TRAFFIC at once
 * ({@code /readyz} answers 503) and the instance goes on serving for {@code emporium.shutdown.drain}, so that load
 * balancers polling readiness (nginx, HAProxy, Kubernetes) and discovery take it out while it still answers; then
 * Boot's graceful shutdown ({@code server.shutdown=graceful}) lets the requests in flight finish. Zero (the default,
 * right for embedded mode, where nothing balances over an instance) skips the wait.
 */
final class GracefulDrain implements ApplicationListener<ContextClosedEvent>, ApplicationContextAware {

    private static final Logger log = LoggerFactory.getLogger(GracefulDrain.class);

    private final Duration drain;

    private ApplicationContext context;

    GracefulDrain(Duration drain) {
        this.drain = drain;
    }

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (event.getApplicationContext() != this.context) {
            // A child context (a load balancer's, say) closing: its event reaches the parent's listeners too.
            return;
        }
        // Boot's web application context publishes this too as it starts closing; said here as well so that readiness
        // is down before the wait whatever the context type.
        AvailabilityChangeEvent.publish(event.getApplicationContext(), ReadinessState.REFUSING_TRAFFIC);
        if (this.drain.isZero() || this.drain.isNegative()) {
            return;
        }
        log.info("Draining for {} ms before shutting down: readiness is refusing traffic", this.drain.toMillis());
        try {
            Thread.sleep(this.drain);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
