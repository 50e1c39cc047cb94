package dev.emporium.gateway.route;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import dev.emporium.platform.web.ServiceResilience;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the body of an idempotent request with a small body in memory, so that a route can send it again to another
 * instance ({@link RouteResilience}); each read of the body starts from its beginning. A larger body is streamed as it
 * comes and its request is not retried.
 */
final class ReplayableBody extends OncePerRequestFilter {

    /** Set on a request that may be sent more than once: no body, or one kept in memory. */
    static final String REPLAYABLE = ReplayableBody.class.getName() + ".replayable";

    static final int MAX_BYTES = 256 * 1024;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpHeaders headers = new HttpHeaders();
        if (request.getHeader("Idempotency-Key") != null) {
            headers.add("Idempotency-Key", request.getHeader("Idempotency-Key"));
        }
        if (!ServiceResilience.idempotent(HttpMethod.valueOf(request.getMethod()), headers)) {
            chain.doFilter(request, response);
            return;
        }
        long length = request.getContentLengthLong();
        boolean chunked = request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        if (length <= 0 && !chunked) {
            request.setAttribute(REPLAYABLE, Boolean.TRUE);
            chain.doFilter(request, response);
            return;
        }
        if (chunked || length > MAX_BYTES) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) length);
        request.setAttribute(REPLAYABLE, Boolean.TRUE);
        chain.doFilter(new Kept(request, body), response);
    }

    private static final class Kept extends HttpServletRequestWrapper {

        private final byte[] body;

        Kept(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(this.body);
            return new ServletInputStream() {

                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return bytes.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already in memory");
                }
            };
        }
    }
}
