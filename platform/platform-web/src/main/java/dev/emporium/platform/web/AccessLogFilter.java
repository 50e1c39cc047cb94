package dev.emporium.platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The access log: one line per request at INFO on the logger {@code dev.emporium.access} (method, path, status,
 * time), written inside the request's span, so it carries the trace and span ids, and inside {@link RequestIdFilter},
 * so it carries the request id and the service. Never the query string, a header or a body: they may hold tokens or
 * personal data. Probes and scrapes ({@code /actuator/**}, {@code /livez}, {@code /readyz}) are not logged.
 */
class AccessLogFilter extends OncePerRequestFilter {

    private static final Logger access = LoggerFactory.getLogger("dev.emporium.access");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !access.isInfoEnabled() || path.startsWith("/actuator/") || path.equals("/livez")
                || path.equals("/readyz");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        }
        finally {
            access.info("{} {} {} {} ms", request.getMethod(), request.getRequestURI(), response.getStatus(),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }
}
