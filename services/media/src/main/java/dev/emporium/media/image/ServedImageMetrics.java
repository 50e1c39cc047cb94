package dev.emporium.media.image;

import java.io.IOException;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts the origin's answers to image requests as {@value #METER}, tagged {@code outcome} with the status
 * ({@code 200}, {@code 304}, {@code 404}, …). Behind a CDN the origin should see each file about once per edge, so
 * this count is how a test or a dashboard proves the edge does its job (Prometheus:
 * {@code emporium_media_served_total}; also {@code /actuator/metrics/emporium.media.served}). A filter rather than
 * code in the controller: the 304s that Spring MVC decides and the 404s of names that cannot be images are counted
 * alike, with the status that actually left the service.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ServedImageMetrics extends OncePerRequestFilter {

    static final String METER = "emporium.media.served";

    private static final String PATH = "/media/products/";

    private final MeterRegistry registry;

    ServedImageMetrics(MeterRegistry registry) {
        this.registry = registry;
        // The usual outcomes exist from the start at 0, so a scrape before the first request already shows them.
        List.of("200", "304", "404").forEach(this::counter);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(PATH);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean answered = false;
        try {
            chain.doFilter(request, response);
            answered = true;
        }
        finally {
            counter(answered ? String.valueOf(response.getStatus()) : "500").increment();
        }
    }

    private Counter counter(String outcome) {
        return Counter.builder(METER)
            .description("Image responses of the CDN origin, by HTTP status")
            .tag("outcome", outcome)
            .register(this.registry);
    }
}
