package dev.emporium.platform.web;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a sane token, a new one otherwise. The id
 * is echoed in the response, put in the logging context (with the service name) and forwarded on outbound calls
 * by {@link RequestIdPropagation}, so one id follows a request through the gateway and every service.
 */
class RequestIdFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Request-Id";

    static final String MDC_KEY = "requestId";

    /**
     * The service's name in the logging context, for embedded mode's console, where eleven services share one log.
     * Not {@code service}: ECS JSON has a {@code service} object of its own (with the name), and a second field of
     * that name makes the line unwritable.
     */
    static final String SERVICE_KEY = "serviceName";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final String service;

    RequestIdFilter(String service) {
        this.service = service;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String incoming = request.getHeader(HEADER);
        String requestId = (incoming != null && SAFE.matcher(incoming).matches()) ? incoming : UUID.randomUUID().toString();
        response.setHeader(HEADER, requestId);
        MDC.put(MDC_KEY, requestId);
        MDC.put(SERVICE_KEY, this.service);
        try {
            chain.doFilter(new RequestIdRequest(request, requestId), response);
        }
        finally {
            MDC.remove(MDC_KEY);
            MDC.remove(SERVICE_KEY);
        }
    }

    /** Exposes the chosen id as the request's header, so proxies (the gateway) forward the same id. */
    private static final class RequestIdRequest extends HttpServletRequestWrapper {

        private final String requestId;

        RequestIdRequest(HttpServletRequest request, String requestId) {
            super(request);
            this.requestId = requestId;
        }

        @Override
        public String getHeader(String name) {
            return HEADER.equalsIgnoreCase(name) ? this.requestId : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HEADER.equalsIgnoreCase(name) ? Collections.enumeration(List.of(this.requestId))
                    : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            if (names.stream().noneMatch(HEADER::equalsIgnoreCase)) {
                names.add(HEADER);
            }
            return Collections.enumeration(names);
        }
    }
}
